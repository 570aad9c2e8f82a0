package dev.ferrite.fams;

/**
 * Another process (or another {@link FamsFile} in this JVM) holds the file for writing. Open it
 * read-only, or close the other writer first. The message names the file.
 */
public class FamsLockedException extends FamsException {
    private static final long serialVersionUID = 1L;

    public FamsLockedException(String message) {
        super(message);
    }
}
