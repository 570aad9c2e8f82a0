package dev.ferrite.runtime;

/** An allocation does not fit in the heap's configured capacity. */
public class HeapFullException extends FerriteException {
    private static final long serialVersionUID = 1L;

    public HeapFullException(String message) {
        super(message);
    }

    public HeapFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
