package dev.ferrite.test;

import java.nio.file.Path;
import org.opentest4j.AssertionFailedError;

/**
 * A state a power cut could leave in which the heap broke the invariant, or did not open: the
 * first such state, with what it takes to replay it.
 */
public final class PowerCutFailure extends AssertionFailedError {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final int crashPoint;
    private final int state;
    private final String operation;
    private final transient Path files;

    PowerCutFailure(String message, long seed, int crashPoint, int state, String operation, Path files,
            Throwable cause) {
        super(message, cause);
        this.files = files;
        this.seed = seed;
        this.crashPoint = crashPoint;
        this.state = state;
        this.operation = operation;
    }

    /** The seed of the run: with {@link PowerCuts#seed} and {@link PowerCuts#onlyCrashPoint} it replays this state. */
    public long seed() {
        return seed;
    }

    /** The crash point: the power failed after this many changes to the disk (1 for the first). */
    public int crashPoint() {
        return crashPoint;
    }

    /** Which of the crash point's states it is, from 1. */
    public int state() {
        return state;
    }

    /**
     * The directory that holds the state's files as the check left them (recovered), for a closer
     * look; {@link #deleteFiles()} removes them.
     */
    public Path files() {
        return files;
    }

    /** Deletes the state's files and the temporary directory of the run that holds them. */
    public void deleteFiles() {
        PowerCuts.delete(files.getParent());
    }

    /** The change to the disk after which the power failed, like {@code "sync test.heap"}. */
    public String operation() {
        return operation;
    }
}
