package dev.ferrite.runtime;

/**
 * An allocation does not fit below the heap's bound ({@link HeapOptions.Builder#capacity}), or the
 * address space reserved for it; the message says which and how to raise it.
 */
public class HeapFullException extends FerriteException {
    private static final long serialVersionUID = 1L;

    public HeapFullException(String message) {
        super(message);
    }

    public HeapFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
