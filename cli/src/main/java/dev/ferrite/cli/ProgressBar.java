package dev.ferrite.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress bar redrawn in place with carriage returns; silent unless enabled, which
 * the commands do only when they run on a terminal, so that piped output stays clean.
 */
final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean enabled;
    private final String label;
    private int shownPercent = -1;

    ProgressBar(PrintWriter out, boolean enabled, String label) {
        this.out = out;
        this.enabled = enabled;
        this.label = label;
    }

    /** A bar on {@code err} when the process runs on a terminal, else a silent one. */
    static ProgressBar forTerminal(PrintWriter err, String label) {
        java.io.Console console = System.console();
        return new ProgressBar(err, console != null && console.isTerminal(), label);
    }

    /**
     * A bar on {@code err} when the output goes to a file or a pipe while the error stream is a
     * terminal, else a silent one: for commands whose output on a terminal shows their progress
     * itself, and whose bar would be mixed into it.
     */
    static ProgressBar whileOutputIsRedirected(PrintWriter err, String label) {
        java.io.Console console = System.console();
        boolean outputRedirected = console == null || !console.isTerminal();
        return new ProgressBar(err, outputRedirected && standardErrorIsTerminal(), label);
    }

    /** Whether file descriptor 2 is a terminal, as Linux's {@code /proc} tells; false elsewhere. */
    private static boolean standardErrorIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Shows that {@code done} of {@code total} units are done; redraws only when the percentage changes. */
    void update(long done, long total) {
        if (!enabled || total <= 0) {
            return;
        }
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent == shownPercent) {
            return;
        }
        shownPercent = percent;
        int filled = percent * WIDTH / 100;
        out.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "% ("
                + done + "/" + total + ")");
        out.flush();
    }

    /** Erases the bar, so that the report that follows starts on a clean line. */
    void finish() {
        if (enabled && shownPercent >= 0) {
            out.print("\r" + " ".repeat(label.length() + WIDTH + 40) + "\r");
            out.flush();
        }
    }
}
