package dev.ferrite.runtime;

/**
 * The heap file, or its log, was written by a newer Ferrite in a format this one cannot read.
 * The file is not damaged: open it with the runtime that wrote it, or a newer one.
 */
public class UnsupportedHeapFormatException extends FerriteException {
    private static final long serialVersionUID = 1L;

    public UnsupportedHeapFormatException(String message) {
        super(message);
    }

    public UnsupportedHeapFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
