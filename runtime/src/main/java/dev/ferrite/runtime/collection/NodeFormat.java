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

    /** Bytes of a node: one page, so that an update inside a node dirties one page. */
    public static final int NODE_SIZE = 4096;
    /** A node's 4-byte entry count. */
    static final long COUNT = 8;
    /** A branch's leftmost child; unused in leaves. */
    static final long FIRST_CHILD = 16;
    /** Where a node's entries start: each is a key slot, then an 8-byte payload. */
    static final long ENTRIES = 24;

    /** Bytes of a map's header block. */
    public static final int HEADER_SIZE = 40;
    /** The header's 1-byte key format code ({@link KeyFormat#LONG} or {@link KeyFormat#STRING}). */
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

    /** Trees are never this tall: nodes are at least a third full and hold 127 entries or more. */
    static final int MAX_HEIGHT = 16;

    private NodeFormat() {}

    /** Entries a node holds with keys of {@code slotSize} bytes. */
    static int capacity(int slotSize) {
        return (int) ((NODE_SIZE - ENTRIES) / (slotSize + 8));
    }
}
