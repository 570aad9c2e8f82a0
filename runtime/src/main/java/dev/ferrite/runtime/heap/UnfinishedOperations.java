package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.HeapFullException;
import dev.ferrite.runtime.SchemaMigrationRequiredException;
import java.util.NoSuchElementException;

/**
 * The operations that fail midway: the first one since the last load that threw after it had
 * begun to change the heap, so that a commit, which would make half of it durable, is refused
 * until a rollback.
 */
final class UnfinishedOperations {
    private final String source;
    private volatile UnfinishedOperation unfinished;

    UnfinishedOperations(String source) {
        this.source = source;
    }

    /** The recorded operation, or null. */
    UnfinishedOperation unfinished() {
        return unfinished;
    }

    /** Forgets the recorded operation: the heap was loaded again. */
    void clear() {
        unfinished = null;
    }

    /**
     * For an operation that threw {@code failure}, {@code changed} telling whether it had changed
     * the heap by then: records it if so (or if the failure is a memory fault, which strikes while
     * writing) and returns the exception to throw. Errors other than memory faults are rethrown.
     */
    RuntimeException failed(String operation, Throwable failure, boolean changed) {
        UnfinishedOperation known = unfinished;
        if (known != null && known.failure() == failure) {
            // Already recorded by a step of this operation: the enclosing operation names it better.
            unfinished = new UnfinishedOperation(operation, failure);
            return (RuntimeException) failure;
        }
        RuntimeException thrown;
        if (MemoryFaults.isFault(failure)) {
            thrown = MemoryFaults.full(source, operation, failure);
            changed = true; // the fault struck while writing, or reading what the operation goes on to write
        } else if (failure instanceof RuntimeException runtime) {
            thrown = runtime;
        } else {
            thrown = null;
        }
        if (changed && known == null) {
            unfinished = new UnfinishedOperation(operation, thrown != null ? thrown : failure);
        }
        if (thrown == null) {
            throw (Error) failure;
        }
        return thrown;
    }

    /** Exceptions that the runtime throws for bad arguments or a full heap before it changes anything. */
    static boolean isRefusal(Throwable failure) {
        return failure instanceof IllegalArgumentException
                || failure instanceof IllegalStateException
                || failure instanceof NullPointerException
                || failure instanceof UnsupportedOperationException
                || failure instanceof IndexOutOfBoundsException
                || failure instanceof NoSuchElementException
                || failure instanceof ClassCastException
                || failure instanceof SchemaMigrationRequiredException
                || (failure instanceof HeapFullException && !MemoryFaults.isFault(failure.getCause()));
    }
}
