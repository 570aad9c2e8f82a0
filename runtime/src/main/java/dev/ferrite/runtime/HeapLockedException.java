package dev.ferrite.runtime;

/** Another process holds the heap for writing; open it read-only, or stop the other process. */
public class HeapLockedException extends FerriteException {
    private static final long serialVersionUID = 1L;

    public HeapLockedException(String message) {
        super(message);
    }

    public HeapLockedException(String message, Throwable cause) {
        super(message, cause);
    }
}
