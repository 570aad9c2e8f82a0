package dev.ferrite.runtime;

/**
 * The heap has no room for what was asked: an allocation does not fit in the heap's configured
 * capacity, or ({@link DiskFullException}) the file system under the heap is full. Either way the
 * heap stays at its last commit and usable: free records, or space on the file system, and go on.
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
