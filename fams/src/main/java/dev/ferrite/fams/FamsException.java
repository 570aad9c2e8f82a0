package dev.ferrite.fams;

/** Base of every failure reported by {@link FamsFile}; unchecked. */
public class FamsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FamsException(String message) {
        super(message);
    }

    public FamsException(String message, Throwable cause) {
        super(message, cause);
    }
}
