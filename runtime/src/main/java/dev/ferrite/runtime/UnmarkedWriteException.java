package dev.ferrite.runtime;

/**
 * With {@code HeapOptions.Builder#checkDirtyMarks}, a commit found pages that were written
 * without being reported (code that wrote the heap's memory other than through generated setters);
 * the message names their offsets. Nothing was committed.
 */
public class UnmarkedWriteException extends FerriteException {
    private static final long serialVersionUID = 1L;

    public UnmarkedWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
