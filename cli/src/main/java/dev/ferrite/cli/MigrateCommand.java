package dev.ferrite.cli;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapInfo;
import dev.ferrite.runtime.Migration;
import dev.ferrite.runtime.MigrationHook;
import dev.ferrite.runtime.SchemaFileException;
import dev.ferrite.runtime.schema.document.SchemaFolder;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ferrite migrate <heap> [--classpath <cp>] [--schemas <dir>] [--rename s:old=new] [--drop
 * s.field] [--hook s=class] [--no-backup] [--dry-run]}: brings every record up to the struct
 * layouts compiled into the application's classes, in one atomic commit (see {@link Migration}).
 * A stored field the classes lack is dropped only when they declare it {@code @RemovedField} or
 * the user names it with {@code --drop}. Before it writes, the command copies the heap as it is
 * to a file beside it ({@link MigrationBackup}) and says how to put it back. With {@code --schemas}
 * and {@code --dry-run} but no {@code --classpath} it plans from the exported schema folder
 * alone; with {@code --schemas} it first checks that the folder describes both the heap and the
 * classes. Exit codes: 0 migrated or nothing to do, 1 the plan has problems, a record could not
 * be carried over (the heap is unchanged) or the schema folder does not match, 2 bad arguments
 * or an unreadable schema file, 3 an unreadable heap.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {
            "Rewrites a heap's records to the struct layouts compiled in --classpath, in one atomic commit; "
                    + "--dry-run prints the plan and changes nothing.",
            "With --schemas <dir>, the folder the processor exports schemas to (-Aferrite.schemaLocation), the heap's"
                    + " stored layouts and the compiled structs must be the exported versions: a difference is"
                    + " exit code 1, an unreadable or malformed schema file exit code 2.",
            "--schemas with --dry-run and no --classpath plans from the exported schemas alone: each stored type"
                    + " to the newest version exported for it. Running a migration needs --classpath."
        })
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Option(names = "--classpath", split = "${sys:path.separator}", paramLabel = "<cp>",
            description = "Directories and jars holding the application's compiled structs and their generated flyweights.")
    List<Path> classPath = List.of();

    @Option(names = "--schemas", paramLabel = "<dir>",
            description = "The exported schema folder: <dir>/<schemaName>/<version>.json, as kept in version control.")
    Path schemas;

    @Option(names = "--rename", paramLabel = "<schema>:<old>=<new>",
            description = "A field renamed since the heap was written, e.g. com.acme.Account:owner=holder.")
    List<String> renames = List.of();

    @Option(names = "--drop", paramLabel = "<schema>.<field>",
            description = "A stored field the classes no longer have and do not declare @RemovedField, to drop with"
                    + " its values, e.g. com.acme.Account.legacy. Without it (or the declaration) such a field is a"
                    + " problem of the plan, since it may have been renamed.")
    List<String> drops = List.of();

    @Option(names = "--no-backup", description = "Do not keep a copy of the heap as it was before the migration;"
            + " the migration then cannot be undone.")
    boolean noBackup;

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
        checkArguments();
        StructClasses classes = classPath.isEmpty() ? null : loadClasses();
        Migration.Options.Builder options = options(classes);
        String targets = classes != null ? "the classes in " + classPath : "the schemas exported in " + schemas;
        try (Heap heap = heapFile.open(!dryRun)) {
            if (schemas != null) {
                List<String> differences = schemaDifferences(heap, classes);
                if (!differences.isEmpty()) {
                    differences.forEach(difference -> err.println("ferrite: " + difference));
                    err.println("ferrite: " + heapFile.path + " is left as it is: the schemas in " + schemas
                            + " are not those of the heap" + (classes != null ? " and the classes" : "")
                            + "; point --schemas at the folder the application's builds export to, or leave it out");
                    return FerriteCommand.PROBLEMS;
                }
            }
            Migration.Plan plan = classes != null
                    ? Migration.plan(heap, classes.types(), options.build())
                    : planFromSchemas(heap, options.build());
            out.print(plan);
            if (!plan.problems().isEmpty()) {
                err.println("ferrite: " + heapFile.path + " cannot be migrated to " + targets
                        + ": fix the problems above (a field that disappeared is declared with @RenamedFrom or"
                        + " @RemovedField, or named with --rename or --drop; a MigrationHook of the application,"
                        + " passed with --hook, computes changed fields); nothing was changed");
                return FerriteCommand.PROBLEMS;
            }
            if (!plan.changesHeap()) {
                out.println(heapFile.path + " already matches " + targets + "; nothing to do");
                return FerriteCommand.OK;
            }
            if (dryRun) {
                out.printf("dry run: %d records to rewrite, %d bytes to write; %s is unchanged%n",
                        plan.recordsToRewrite(), plan.bytesToWrite(), heapFile.path);
                return FerriteCommand.OK;
            }
            return run(heap, classes, options, plan, out, err);
        }
    }

    private void checkArguments() {
        if (classPath.isEmpty() && schemas == null) {
            throw usage("name the layouts to migrate to: --classpath <the application's compiled classes>, or"
                    + " --schemas <its exported schema folder> with --dry-run");
        }
        if (schemas != null && !Files.isDirectory(schemas)) {
            throw usage("--schemas " + schemas + " is no directory: point it at the folder given to"
                    + " -Aferrite.schemaLocation");
        }
        if (classPath.isEmpty() && !dryRun) {
            throw usage("--schemas without --classpath only plans: add --dry-run, or give --classpath <the"
                    + " application's compiled classes>, through which a migration writes the records");
        }
        if (classPath.isEmpty() && !hooks.isEmpty()) {
            throw usage("--hook needs --classpath: a hook is a class of the application");
        }
    }

    private StructClasses loadClasses() {
        StructClasses classes;
        try {
            classes = StructClasses.load(classPath);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (classes.types().isEmpty()) {
            throw usage("no generated flyweights (*Flyweight classes with a TYPE field) in --classpath " + classPath
                    + ": point it at the application's compiled classes (target/classes or its jar)");
        }
        return classes;
    }

    /** The renames and hooks of the arguments; hooks are loaded from {@code classes}. */
    private Migration.Options.Builder options(StructClasses classes) {
        Migration.Options.Builder options = Migration.Options.builder();
        for (String rename : renames) {
            int colon = rename.lastIndexOf(':');
            int equals = rename.indexOf('=', colon + 1);
            if (colon < 1 || equals < colon + 2 || equals == rename.length() - 1) {
                throw usage("--rename " + rename + ": expected <schema>:<old>=<new>, e.g. com.acme.Account:owner=holder");
            }
            options.rename(rename.substring(0, colon), rename.substring(colon + 1, equals), rename.substring(equals + 1));
        }
        for (String drop : drops) {
            int dot = drop.lastIndexOf('.');
            if (dot < 1 || dot == drop.length() - 1) {
                throw usage("--drop " + drop + ": expected <schema>.<field>, e.g. com.acme.Account.legacy");
            }
            options.drop(drop.substring(0, dot), drop.substring(dot + 1));
        }
        for (String hook : hooks) {
            int equals = hook.indexOf('=');
            if (equals < 1 || equals == hook.length() - 1) {
                throw usage("--hook " + hook + ": expected <schema>=<class>, e.g. com.acme.Account=com.acme.AccountMigration");
            }
            try {
                options.hook(hook.substring(0, equals), classes.instance(hook.substring(equals + 1), MigrationHook.class));
            } catch (IllegalArgumentException e) {
                throw usage("--hook " + hook + ": " + e.getMessage());
            }
        }
        return options;
    }

    /** What the schema folder says that the heap or the classes contradict. */
    private List<String> schemaDifferences(Heap heap, StructClasses classes) {
        SchemaConsistency consistency = new SchemaConsistency(new SchemaFolder(schemas));
        List<HeapInfo.StoredType> stored = heap.info().types();
        try {
            List<String> differences = new ArrayList<>(consistency.storedDifferences(stored));
            if (classes != null) {
                differences.addAll(consistency.compiledDifferences(classes.types(), stored));
            }
            return differences;
        } catch (SchemaFileException e) {
            throw unreadableSchema(e.getMessage());
        }
    }

    private Migration.Plan planFromSchemas(Heap heap, Migration.Options options) {
        try {
            return Migration.plan(heap, schemas, options);
        } catch (SchemaFileException e) {
            throw unreadableSchema(e.getMessage());
        }
    }

    private Integer run(Heap heap, StructClasses classes, Migration.Options.Builder options, Migration.Plan plan,
            PrintWriter out, PrintWriter err) {
        Path backup = null;
        if (!noBackup) {
            try {
                backup = MigrationBackup.save(heapFile.path);
            } catch (FerriteException e) {
                err.println("ferrite: " + heapFile.path + " was not migrated and is unchanged: " + e.getMessage()
                        + "; make room, or pass --no-backup to migrate without a way back");
                return FerriteCommand.PROBLEMS;
            }
        }
        ProgressBar bar = ProgressBar.forTerminal(err, "migrating");
        long total = plan.recordsToRewrite();
        options.progress(done -> bar.update(done, total));
        Migration.Result result;
        try {
            result = Migration.run(heap, classes.types(), options.build());
        } catch (CorruptHeapException e) {
            throw e;
        } catch (FerriteException e) {
            bar.finish();
            err.println("ferrite: the migration of " + heapFile.path + " failed and was rolled back, the heap is"
                    + " unchanged: " + e.getMessage());
            MigrationBackup.discard(backup);
            return FerriteCommand.PROBLEMS;
        }
        bar.finish();
        out.printf("migrated %s: %d records rewritten, %d moved, %d references rewritten; commit %d%n",
                heapFile.path, result.rewritten(), result.relocated(), result.referencesRewritten(), result.commit());
        if (backup == null) {
            out.println("no copy of the heap as it was before the migration was kept (--no-backup)");
        } else {
            out.println(MigrationBackup.howToRestore(backup, heapFile.path));
        }
        return FerriteCommand.OK;
    }

    private ParameterException unreadableSchema(String message) {
        return usage(message + "; fix the file, or export the schemas again by compiling with -Aferrite.schemaLocation");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
