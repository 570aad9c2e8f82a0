package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.struct.StructType;

/**
 * Offsets and type ids of the sorted map's blocks; the format itself is described in the
 * package documentation.
 */
public final class NodeFormat {
    /** Version written in the record header of every block of a sorted map. */
    public static final int VERSION = 1;
    /** Type id of a map's header block. */
    public static final int MAP_TYPE_ID = StructType.typeIdOf("ferrite.SortedMap");
    /** Type id of a leaf node. */
    public static final int LEAF_TYPE_ID = StructType.typeIdOf("ferrite.SortedMap.Leaf");
    /** Type id of a branch (inner) node. */
    public static final int BRANCH_TYPE_ID = StructType.typeIdOf("ferrite.SortedMap.Branch");
    /** Type id of an out-of-line string key. */
    public static final int KEY_TYPE_ID = StructType.typeIdOf("ferrite.SortedMap.Key");
    /** Type id of the constant names of an enum-keyed map. */
    public static final int CONSTANTS_TYPE_ID = StructType.typeIdOf("ferrite.SortedMap.Constants");

    /** Bytes of a node: one page, so that an update inside a node dirties one page. */
    public static final int NODE_SIZE = 4096;
    /** A node's 4-byte entry count. */
    static final long COUNT = 8;
    /** A branch's leftmost child; unused in leaves. */
    static final long FIRST_CHILD = 16;
    /** Where a node's entries start: each is a key slot, then an 8-byte payload. */
    static final long ENTRIES = 24;

    /** Bytes of a map's header block, but for enum keys. */
    public static final int HEADER_SIZE = 40;
    /** Bytes of the header block of a map with enum keys: {@link #HEADER_SIZE} and the constants. */
    public static final int ENUM_HEADER_SIZE = 48;
    /** The header's 1-byte key format code ({@link KeyFormat#LONG}, {@link KeyFormat#STRING}, ...). */
    static final long KEY_KIND = 8;
    /** The header's 1-byte value kind ({@link ValueKind}). */
    static final long VALUE_KIND = 9;
    /** The header's 4-byte type id of struct values, 0 for long values. */
    static final long VALUE_TYPE = 12;
    /** The header's root node, 0 while the map is empty. */
    static final long ROOT = 16;
    /** The header's entry count. */
    static final long SIZE = 24;
    /** The header's 4-byte tree height: 0 when empty, 1 when the root is a leaf. */
    static final long HEIGHT = 32;
    /** An enum-keyed map header's constant names block, 0 until a key is stored. */
    static final long CONSTANTS = 40;

    /**
     * The header's value kind code of a map of strings kept in its leaves, beside their keys: the
     * {@link ValueKind#STRING} maps this release creates. Maps of code {@code 5}, which earlier
     * releases created, keep each string in a heap block of its own.
     */
    public static final int LEAF_STRINGS = 6;
    /** In a leaf of leaf strings: the 4-byte offset of the lowest value byte, 0 while it has none. */
    static final long VALUE_START = 16;
    /** In a leaf of leaf strings: the 4-byte number of value bytes its entries use. */
    static final long VALUE_BYTES = 20;
    /** Bytes of a leaf string entry's payload: the value's u16 offset in the leaf, then its u16 length code. */
    static final int STRING_PAYLOAD = 4;
    /** The length code of a {@code null} value, which takes no bytes. */
    static final int NULL_STRING = 0xFFFF;
    /** The length code of a string longer than {@link #MOST_INLINE}: its 8 bytes are the offset of a heap string. */
    static final int OUT_OF_LINE = 0xFFFE;
    /**
     * The flag of a length code whose low 15 bits are the length of a {@link StringCompression}
     * coding of the string, rather than of its UTF-8 bytes.
     */
    static final int COMPRESSED = 0x8000;
    /** The most bytes a value takes in a leaf, as it is or coded; a quarter of a node, so that a split always has room. */
    static final int MOST_INLINE = 1000;
    /** Bytes of a node for entries and values. */
    static final int NODE_BYTES = NODE_SIZE - (int) ENTRIES;

    /** Trees are never this tall: nodes are at least a third full and hold 127 entries or more. */
    static final int MAX_HEIGHT = 16;

    private NodeFormat() {}

    /** Bytes of the header block of a map whose key format has code {@code keyCode}. */
    public static int headerSize(int keyCode) {
        return keyCode == KeyFormat.ENUM ? ENUM_HEADER_SIZE : HEADER_SIZE;
    }

    /** Entries a node holds with keys of {@code slotSize} bytes. */
    static int capacity(int slotSize) {
        return (int) ((NODE_SIZE - ENTRIES) / (slotSize + 8));
    }
}
