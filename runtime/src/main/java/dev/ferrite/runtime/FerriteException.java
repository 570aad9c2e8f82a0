package dev.ferrite.runtime;

/** Base class of the unchecked exceptions Ferrite throws for problems with a heap. */
public class FerriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FerriteException(String message) {
        super(message);
    }

    public FerriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
