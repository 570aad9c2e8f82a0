package dev.ferrite.runtime;

/**
 * The heap has no room for what was asked: an allocation does not fit below the heap's bound
 * ({@link HeapOptions.Builder#capacity}) or the address space reserved for it, or
 * ({@link DiskFullException}) the file system under the heap is full. The message says which and
 * what to do. Either way the heap stays at its last commit and usable: free records, raise the
 * bound or free space on the file system, and go on.
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
