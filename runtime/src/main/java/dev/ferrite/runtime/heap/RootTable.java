package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.alloc.Allocator;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.SegmentStore;
import dev.ferrite.runtime.root.RootCodec;
import dev.ferrite.runtime.struct.StructType;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongUnaryOperator;

/**
 * The root table of a loaded heap: named entry points, each the offset of an allocated block.
 * Every change writes a new root table block. The map is never edited, only replaced, so that
 * reader threads, which take no lock, see a whole table; writes happen under the lock of the
 * heap's {@link HeapCore}.
 */
final class RootTable {
    static final int BLOCK_TYPE = StructType.typeIdOf("ferrite.Roots");
    /** Bounds root names well inside what the root table's encoding can store (65,535 bytes). */
    static final int MAX_NAME = 1000;

    private final SegmentStore memory;
    private final Allocator allocator;
    private final HeapHeader header;
    private volatile TreeMap<String, Long> roots;

    private RootTable(SegmentStore memory, Allocator allocator, HeapHeader header, TreeMap<String, Long> roots) {
        this.memory = memory;
        this.allocator = allocator;
        this.header = header;
        this.roots = roots;
    }

    /**
     * Reads the root table block the header names and checks that every root points at an
     * allocated block.
     *
     * @throws CorruptHeapException if it is damaged
     */
    static RootTable load(SegmentStore memory, Allocator allocator, HeapHeader header, String source) {
        TreeMap<String, Long> roots = new TreeMap<>();
        if (header.roots() != 0) {
            byte[] payload = MetadataBlock.read(
                    memory.segment(), allocator, header.roots(), BLOCK_TYPE, source + ": root table");
            try {
                roots = RootCodec.decode(payload);
            } catch (IllegalArgumentException e) {
                throw new CorruptHeapException(
                        source + ": root table at offset " + header.roots() + ": " + e.getMessage(), e);
            }
            for (Map.Entry<String, Long> root : roots.entrySet()) {
                if (allocator.blockSize(root.getValue()) == 0) {
                    throw new CorruptHeapException(source + ": root table at offset " + header.roots() + ": root \""
                            + root.getKey() + "\" points at offset " + root.getValue() + ", where no block is allocated");
                }
            }
        }
        return new RootTable(memory, allocator, header, roots);
    }

    /** The offset of the root called {@code name}, or 0 if there is none. */
    long get(String name) {
        return roots.getOrDefault(name, 0L);
    }

    /** The names of the roots, sorted; a copy. */
    Set<String> names() {
        return Collections.unmodifiableSet(new TreeSet<>(roots.keySet()));
    }

    /** The name of a root pointing at {@code offset}, or null if none does. */
    String nameOf(long offset) {
        return roots.entrySet().stream().filter(e -> e.getValue() == offset).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    /**
     * Checks that {@code name} can name a root pointing at {@code offset} (0 to remove it).
     *
     * @throws IllegalArgumentException if the name is empty or too long, or no block is allocated at {@code offset}
     */
    void checkSet(String name, long offset) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            throw new IllegalArgumentException("a root name must have 1 to " + MAX_NAME + " characters: "
                    + (name == null ? "null" : name.length() + " given"));
        }
        if (offset != 0 && allocator.blockSize(offset) == 0) {
            throw new IllegalArgumentException("root \"" + name + "\": no allocated block at offset " + offset);
        }
    }

    /**
     * Points every root at {@code moved.applyAsLong(offset)} instead of its offset, rewriting the
     * table in its block: for a compaction, which moved the records.
     */
    void relocate(LongUnaryOperator moved) {
        if (header.roots() == 0) {
            return;
        }
        TreeMap<String, Long> updated = new TreeMap<>();
        roots.forEach((name, offset) -> updated.put(name, moved.applyAsLong(offset)));
        MetadataBlock.overwrite(memory, header.roots(), RootCodec.encode(updated));
        roots = updated;
    }

    /** Points the root {@code name} at {@code offset} (0 removes it), after {@link #checkSet}. */
    void set(String name, long offset) {
        TreeMap<String, Long> updated = new TreeMap<>(roots);
        if (offset == 0) {
            if (updated.remove(name) == null) {
                return;
            }
        } else {
            updated.put(name, offset);
        }
        MetadataBlock.replace(memory, allocator, header, header.roots(), BLOCK_TYPE, RootCodec.encode(updated),
                header::roots);
        roots = updated;
    }
}
