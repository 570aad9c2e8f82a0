package dev.ferrite.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ferrite} command: inspects, verifies, dumps, migrates and rolls back heap files. */
@Command(
        name = "ferrite",
        mixinStandardHelpOptions = true,
        version = "ferrite 0.1.0-SNAPSHOT",
        description = "Inspects, verifies, dumps, migrates and rolls back Ferrite heap files.")
public final class FerriteCommand implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new FerriteCommand()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }
}
