package dev.ferrite.fams;

/**
 * An earlier I/O error during a commit left the file in an unknown state, so this {@link FamsFile}
 * refuses every further operation. Close it and open the file again: recovery then restores the
 * last commit that completed. Retrying the failed sync instead would be unsafe, because after a
 * failed {@code fsync} the kernel may have dropped the dirty data and a second {@code fsync} can
 * report success.
 */
public class FamsPoisonedException extends FamsException {
    private static final long serialVersionUID = 1L;

    public FamsPoisonedException(String message, Throwable cause) {
        super(message, cause);
    }
}
