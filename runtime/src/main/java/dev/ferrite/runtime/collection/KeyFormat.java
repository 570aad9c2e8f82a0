package dev.ferrite.runtime.collection;

import java.lang.foreign.MemorySegment;

/**
 * How one kind of key is stored in a fixed-size slot of a tree node, and compared there.
 *
 * <p>A format instance holds one <em>search key</em>; {@link #compareTo} compares it with stored
 * slots without decoding them. The tree's own instance ({@link BPlusTree#keys()}) holds the key of
 * the single writer, set by the concrete format's {@code prepare}; readers use instances of their
 * own, made by the concrete format's {@code searching}, so that any number of threads may read a
 * tree at once. Apart from the search key a format holds only the heap it reads; an instance is
 * used by one thread at a time.
 */
public abstract sealed class KeyFormat permits LongKeyFormat, StringKeyFormat {
    /** Code stored in a map's header for long keys. */
    public static final int LONG = 1;
    /** Code stored in a map's header for string keys. */
    public static final int STRING = 2;

    /** The code of this format in a map's header. */
    public abstract int code();

    /** Bytes of one key slot. */
    public abstract int slotSize();

    /**
     * Compares the search key with the key stored at {@code slot} of the heap's segment: negative
     * if the search key sorts first, 0 if equal, positive if it sorts after.
     */
    abstract int compareTo(long slot);

    /**
     * Writes the search key into the slot at {@code slot} of the heap's segment. Any out-of-line
     * block it needs is allocated, written and marked here; the caller marks the slot itself.
     */
    abstract void store(long slot);

    /**
     * Copies the key at {@code from} of the heap's segment into {@code to} of {@code target}, giving
     * the copy its own out-of-line block if it has one. The caller marks {@code to} if it is in the
     * heap.
     */
    abstract void duplicate(long from, MemorySegment target, long to);

    /** Frees what the slot at {@code slot} owns outside the node; the slot itself is left as is. */
    abstract void release(long slot);

    /** The key stored at {@code slot}, decoded: a {@link Long} or a {@link String}. */
    abstract Object read(long slot);

    /** Compares two stored keys; for verification, not on hot paths. */
    abstract int compareSlots(long a, long b);

    /**
     * The offset of the out-of-line block owned by the slot at {@code slot}, or 0; for
     * verification.
     */
    abstract long outOfLine(long slot);
}
