package dev.ferrite.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One run of the {@code ferrite} command: its exit code and what it printed. In package
 * {@code dev.ferrite.cli}, as in the cli module's tests, to call {@code FerriteCommand.execute}.
 */
record Run(int exitCode, String out, String err) {

    /** Runs {@code ferrite args} in this JVM. */
    static Run ferrite(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = FerriteCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
