package dev.ferrite.cli;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.HeapFullException;
import dev.ferrite.runtime.HeapIoException;
import dev.ferrite.runtime.HeapLockedException;
import dev.ferrite.runtime.RollbackRequiredException;
import dev.ferrite.runtime.SchemaFileException;
import dev.ferrite.runtime.SchemaMigrationRequiredException;
import dev.ferrite.runtime.UnsupportedHeapFormatException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code ferrite} command: inspects, verifies, dumps, migrates and compacts heap files and rolls them back.
 *
 * <p>Exit codes: 0 ok, 1 problems found, 2 usage error (bad arguments, or an unreadable schema file given
 * to {@code migrate --schemas}), 3 unreadable or corrupt heap.
 */
@Command(
        name = "ferrite",
        mixinStandardHelpOptions = true,
        version = "ferrite 0.1.0-SNAPSHOT",
        description = "Inspects, verifies, dumps, migrates, compacts and grows Ferrite heap files and rolls them back to retained commits.",
        subcommands = {InfoCommand.class, VerifyCommand.class, DumpCommand.class, MigrateCommand.class, CompactCommand.class,
            GrowCommand.class, VersionsCommand.class, RollbackCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:problems found; or the heap is open for writing elsewhere, needs a migration, or its file system is full",
            "2:usage error: bad arguments, or an unreadable schema file (migrate --schemas)",
            "3:unreadable heap: damaged, not a heap, a newer format, or an I/O error"
        })
public final class FerriteCommand implements Runnable {
    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int USAGE = 2;
    static final int UNREADABLE = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Output is buffered and flushed once at the end: a dump of millions of entries must not
        // cost a system call per line. Errors go out at once.
        PrintWriter out = new PrintWriter(System.out, false, System.out.charset());
        int exitCode = execute(out, new PrintWriter(System.err, true), args);
        out.flush();
        System.exit(exitCode);
    }

    /** Runs {@code ferrite} with {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new FerriteCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExitCodeExceptionMapper(FerriteCommand::exitCode);
        commandLine.setExecutionExceptionHandler((exception, line, parsed) -> {
            line.getErr().println("ferrite: " + exception.getMessage());
            return exitCode(exception);
        });
        return commandLine.execute(args);
    }

    /** The exit code for a failure: each of the runtime's named exceptions has its own line here. */
    static int exitCode(Throwable exception) {
        return switch (exception) {
            case CommandLine.ParameterException usage -> USAGE;
            case SchemaFileException badArgument -> USAGE; // a bad file named by the arguments, not a bad heap
            case HeapLockedException locked -> PROBLEMS;
            case SchemaMigrationRequiredException migrate -> PROBLEMS;
            case HeapFullException full -> PROBLEMS;
            case RollbackRequiredException unfinished -> PROBLEMS;
            case CorruptHeapException corrupt -> UNREADABLE;
            case UnsupportedHeapFormatException newer -> UNREADABLE;
            case HeapIoException io -> UNREADABLE;
            case FerriteException other -> UNREADABLE;
            default -> PROBLEMS;
        };
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: info, verify, dump, migrate, compact, versions or rollback");
    }
}
