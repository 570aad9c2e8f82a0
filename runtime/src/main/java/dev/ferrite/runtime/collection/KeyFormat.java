package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.heap.BlockHeap;
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
public abstract sealed class KeyFormat
        permits LongKeyFormat, IntKeyFormat, UuidKeyFormat, EnumKeyFormat, VariableKeyFormat {
    /** Code stored in a map's header for long keys. */
    public static final int LONG = 1;
    /** Code stored in a map's header for string keys. */
    public static final int STRING = 2;
    /** Code stored in a map's header for int keys. */
    public static final int INT = 3;
    /** Code stored in a map's header for UUID keys. */
    public static final int UUID = 4;
    /** Code stored in a map's header for byte array keys. */
    public static final int BYTES = 5;
    /** Code stored in a map's header for enum keys. */
    public static final int ENUM = 6;

    /** Whether {@code code} is the code of a key format. */
    public static boolean known(int code) {
        return code >= LONG && code <= ENUM;
    }

    /** The format of the map whose header, with key code {@code code}, is at {@code header}. */
    static KeyFormat of(int code, BlockHeap heap, long header) {
        return switch (code) {
            case LONG -> new LongKeyFormat(heap.segment());
            case STRING -> new StringKeyFormat(heap);
            case INT -> new IntKeyFormat(heap.segment());
            case UUID -> new UuidKeyFormat(heap.segment());
            case BYTES -> new BytesKeyFormat(heap);
            case ENUM -> new EnumKeyFormat(heap, header);
            default -> throw new IllegalArgumentException("unknown key code " + code);
        };
    }

    /** The code of this format in a map's header. */
    public abstract int code();

    /**
     * Makes {@code key}, a key of this format's Java type that the caller has checked, the search
     * key of this format, the one the tree's writes use.
     *
     * @throws IllegalArgumentException if the key cannot be stored (too long, not valid Unicode)
     */
    public abstract void prepareKey(Object key);

    /**
     * A format instance whose search key is {@code key}, for one read: readers each use their own,
     * so that they never share a search key with each other or with the writer.
     *
     * @throws IllegalArgumentException as {@link #prepareKey} does
     */
    public abstract KeyFormat searchingKey(Object key);

    /**
     * A new search instance, without a search key yet, that one reading thread may keep and
     * prepare with {@link #prepareKey} for each read; {@code null} for formats whose search key is
     * too small for keeping one to pay (a new one per read from {@link #searchingKey} is as cheap).
     */
    public KeyFormat reusableSearch() {
        return null;
    }

    /**
     * The offset of a block the format keeps for the whole map beside the header, or 0; freed
     * with the map, and counted among its blocks by the verifier.
     */
    long mapBlock() {
        return 0;
    }

    /**
     * What is wrong with the key at {@code slot} beyond its order, or null; for verification. The
     * caller has checked that the {@link #mapBlock()} is one.
     */
    String slotProblem(long slot) {
        return null;
    }

    /** Bytes of one key slot. */
    public abstract int slotSize();

    /**
     * Compares the search key with the key stored at {@code slot} of the heap's segment: negative
     * if the search key sorts first, 0 if equal, positive if it sorts after.
     */
    abstract int compareTo(long slot);

    /**
     * The index of the search key among {@code count} entries of {@code entrySize} bytes, sorted,
     * whose key slots start at {@code entries} of the heap's segment; else {@code -(insertion
     * point) - 1}: a binary search through {@link #compareTo}, which {@link LongKeyFormat}
     * replaces with an interpolation search.
     */
    int search(long entries, int count, int entrySize) {
        int low = 0;
        int high = count - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int c = compareTo(entries + (long) middle * entrySize);
            if (c > 0) {
                low = middle + 1;
            } else if (c < 0) {
                high = middle - 1;
            } else {
                return middle;
            }
        }
        return -(low + 1);
    }

    /**
     * Writes the search key into the slot at {@code slot} of {@code target}: the heap's segment, or
     * a copy of a node's entries. Any out-of-line block it needs is allocated in the heap, written
     * and marked here; the caller marks the slot itself if it is in the heap.
     */
    abstract void store(MemorySegment target, long slot);

    /**
     * Copies the key at {@code from} of the heap's segment into {@code to} of {@code target}, giving
     * the copy its own out-of-line block if it has one. The caller marks {@code to} if it is in the
     * heap.
     */
    abstract void duplicate(long from, MemorySegment target, long to);

    /** Frees what the slot at {@code slot} owns outside the node; the slot itself is left as is. */
    abstract void release(long slot);

    /**
     * The key stored at {@code slot}, decoded: a {@link Long}, {@link Integer}, {@link String},
     * {@link java.util.UUID}, a new {@code byte[]}, or an enum constant (the constant's name if no
     * enum class is bound, as for tools).
     */
    abstract Object read(long slot);

    /** Compares two stored keys; for verification, not on hot paths. */
    abstract int compareSlots(long a, long b);

    /**
     * The address of the word in the slot at {@code slot} that holds the offset of its out-of-line
     * block, or -1 if the slot has none.
     */
    long outOfLineReference(long slot) {
        return -1;
    }

    /**
     * The offset of the out-of-line block owned by the slot at {@code slot}, or 0; for
     * verification.
     */
    abstract long outOfLine(long slot);
}
