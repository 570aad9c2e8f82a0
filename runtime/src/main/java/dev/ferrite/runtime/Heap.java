package dev.ferrite.runtime;

import dev.ferrite.runtime.heap.BlockHeap;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A persistent heap in a memory-mapped file. (Work in progress: the implementation follows.)
 */
public final class Heap implements AutoCloseable {
    private final BlockHeap blocks;

    private Heap(BlockHeap blocks) {
        this.blocks = blocks;
    }

    /** Opens the heap at {@code path} with the default options, creating it if absent. */
    public static Heap open(Path path) {
        return open(path, HeapOptions.defaults());
    }

    /** Opens the heap at {@code path}, creating it if absent. */
    public static Heap open(Path path, HeapOptions options) {
        throw new UnsupportedOperationException("not yet implemented: " + path + options);
    }

    /** The root called {@code name}, created on first use. */
    public <T> T root(String name, Class<T> type) {
        throw new UnsupportedOperationException(name + type);
    }

    /** The root called {@code name}, if there is one. */
    public <T> Optional<T> findRoot(String name, Class<T> type) {
        throw new UnsupportedOperationException(name + type);
    }

    /** The names of all roots. */
    public Set<String> rootNames() {
        throw new UnsupportedOperationException();
    }

    /** Removes the root called {@code name}; the record stays allocated. */
    public void removeRoot(String name) {
        throw new UnsupportedOperationException(name);
    }

    /** Allocates a zeroed record of {@code type}. */
    public <T> T allocate(Class<T> type) {
        throw new UnsupportedOperationException(type.getName());
    }

    /** Frees a record. */
    public void free(Object struct) {
        throw new UnsupportedOperationException(String.valueOf(struct));
    }

    /** Makes everything since the last commit durable, atomically. */
    public long commit() {
        throw new UnsupportedOperationException();
    }

    /** Discards everything since the last commit. */
    public void rollback() {
        throw new UnsupportedOperationException();
    }

    /** The retained commit numbers. */
    public List<Long> versions() {
        throw new UnsupportedOperationException();
    }

    /** The heap as the runtime's collections see it. */
    BlockHeap blocks() {
        return blocks;
    }

    /** Closes the heap without committing. */
    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }
}
