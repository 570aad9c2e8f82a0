package dev.ferrite.fams.recovery;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsException;
import java.io.IOException;

/**
 * A read-only open takes no lock, so the writer may rewrite the log's header or start a commit
 * or checkpoint while the open reads: what looks torn or inconsistent may be the writer at work,
 * not damage. Both recoveries start over a few times before they believe it.
 */
final class ReadRetry {
    private static final int HEADER_ATTEMPTS = 5;
    private static final int RECOVERY_ATTEMPTS = 10;

    private ReadRetry() {}

    /** A step of a read-only open that reads files the writer may be changing. */
    interface Read<T> {
        T read() throws IOException;
    }

    /** Thrown by a read-only recovery that found the log changed while it read; the open starts over. */
    static final class LogChangedWhileReading extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LogChangedWhileReading() {
            super(null, null, false, false);
        }
    }

    /**
     * Reads a header sector, again after a short pause if a read-only open found it damaged (the
     * writer may have been rewriting it); a writable open believes the first verdict.
     */
    static <T> T header(Read<T> read, boolean writable) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.read();
            } catch (FamsCorruptException e) {
                if (writable || attempt == HEADER_ATTEMPTS) {
                    throw e;
                }
                try {
                    Thread.sleep(2L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Runs {@code recovery} until it does not find the log changed under it, ten times at most. */
    static <T> T recovery(Read<T> recovery, String busy) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return recovery.read();
            } catch (LogChangedWhileReading e) {
                if (attempt == RECOVERY_ATTEMPTS) {
                    throw new FamsException(busy);
                }
            }
        }
    }
}
