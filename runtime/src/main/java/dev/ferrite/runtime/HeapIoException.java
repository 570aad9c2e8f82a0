package dev.ferrite.runtime;

/**
 * An I/O error on a heap's files (the cause says which). Thrown by {@code commit()} or a rollback, it leaves the
 * heap's state on disk unknown: the heap refuses every further call until it is closed and reopened,
 * which recovers the last complete commit.
 */
public class HeapIoException extends FerriteException {
    private static final long serialVersionUID = 1L;

    public HeapIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
