package dev.ferrite.cli;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.Migration;
import dev.ferrite.runtime.MigrationHook;
import dev.ferrite.runtime.struct.StructType;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ferrite migrate <heap> --classpath <cp> [--rename s:old=new] [--hook s=class] [--dry-run]}:
 * brings every record up to the struct layouts compiled into the application's classes, in one
 * atomic commit (see {@link Migration}). Exit codes: 0 migrated or nothing to do, 1 the plan has
 * problems or a record could not be carried over (the heap is unchanged), 2 bad arguments, 3 an
 * unreadable heap.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Rewrites a heap's records to the struct layouts compiled in --classpath, in one atomic commit; "
                + "--dry-run prints the plan and changes nothing.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Option(names = "--classpath", required = true, split = "${sys:path.separator}", paramLabel = "<cp>",
            description = "Directories and jars holding the application's compiled structs and their generated flyweights.")
    List<Path> classPath;

    @Option(names = "--rename", paramLabel = "<schema>:<old>=<new>",
            description = "A field renamed since the heap was written, e.g. com.acme.Account:owner=holder.")
    List<String> renames = List.of();

    @Option(names = "--hook", paramLabel = "<schema>=<class>",
            description = "A MigrationHook of the application, on --classpath, that computes fields of a type,"
                    + " e.g. com.acme.Account=com.acme.AccountMigration.")
    List<String> hooks = List.of();

    @Option(names = "--dry-run", description = "Print the plan (types, records, bytes to move) and change nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        StructClasses classes;
        try {
            classes = StructClasses.load(classPath);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<StructType<?>> types = classes.types();
        if (types.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no generated flyweights (*Flyweight classes with a TYPE"
                    + " field) in --classpath " + classPath + ": point it at the application's compiled classes"
                    + " (target/classes or its jar)");
        }
        Migration.Options.Builder options = Migration.Options.builder();
        for (String rename : renames) {
            int colon = rename.lastIndexOf(':');
            int equals = rename.indexOf('=', colon + 1);
            if (colon < 1 || equals < colon + 2 || equals == rename.length() - 1) {
                throw new ParameterException(spec.commandLine(),
                        "--rename " + rename + ": expected <schema>:<old>=<new>, e.g. com.acme.Account:owner=holder");
            }
            options.rename(rename.substring(0, colon), rename.substring(colon + 1, equals), rename.substring(equals + 1));
        }
        for (String hook : hooks) {
            int equals = hook.indexOf('=');
            if (equals < 1 || equals == hook.length() - 1) {
                throw new ParameterException(spec.commandLine(),
                        "--hook " + hook + ": expected <schema>=<class>, e.g. com.acme.Account=com.acme.AccountMigration");
            }
            try {
                options.hook(hook.substring(0, equals), classes.instance(hook.substring(equals + 1), MigrationHook.class));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--hook " + hook + ": " + e.getMessage());
            }
        }
        try (Heap heap = heapFile.open(!dryRun)) {
            Migration.Plan plan = Migration.plan(heap, types, options.build());
            out.print(plan);
            if (!plan.problems().isEmpty()) {
                err.println("ferrite: " + heapFile.path + " cannot be migrated to the classes in " + classPath
                        + ": fix the problems above (a MigrationHook of the application, passed with --hook,"
                        + " computes changed fields)");
                return FerriteCommand.PROBLEMS;
            }
            if (!plan.changesHeap()) {
                out.println(heapFile.path + " already matches the compiled structs; nothing to do");
                return FerriteCommand.OK;
            }
            if (dryRun) {
                out.printf("dry run: %d records to rewrite, %d bytes to write; %s is unchanged%n",
                        plan.recordsToRewrite(), plan.bytesToWrite(), heapFile.path);
                return FerriteCommand.OK;
            }
            ProgressBar bar = ProgressBar.forTerminal(err, "migrating");
            long total = plan.recordsToRewrite();
            options.progress(done -> bar.update(done, total));
            Migration.Result result;
            try {
                result = Migration.run(heap, types, options.build());
            } catch (CorruptHeapException e) {
                throw e;
            } catch (FerriteException e) {
                bar.finish();
                err.println("ferrite: the migration of " + heapFile.path + " failed and was rolled back, the heap is"
                        + " unchanged: " + e.getMessage());
                return FerriteCommand.PROBLEMS;
            }
            bar.finish();
            out.printf("migrated %s: %d records rewritten, %d moved, %d references rewritten; commit %d%n",
                    heapFile.path, result.rewritten(), result.relocated(), result.referencesRewritten(), result.commit());
        }
        return FerriteCommand.OK;
    }
}
