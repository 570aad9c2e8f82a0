package dev.ferrite.runtime;

/** A heap file is damaged or is not a Ferrite heap; the message says what was found and where. */
public class CorruptHeapException extends FerriteException {
    private static final long serialVersionUID = 1L;

    public CorruptHeapException(String message) {
        super(message);
    }

    public CorruptHeapException(String message, Throwable cause) {
        super(message, cause);
    }
}
