package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.MapHeader;
import dev.ferrite.runtime.collection.ValueKind;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.struct.LittleEndian;

/**
 * Maps of string values in the format that releases before leaf strings created: each string in a
 * heap block of its own, which such maps go on using, and which they pack as removals free them.
 */
final class EarlierStringMaps {
    /** Where a map header keeps its value kind (see the collection package's format). */
    private static final long VALUE_KIND = 9;

    private EarlierStringMaps() {}

    /**
     * The map of long keys to strings under {@code rootName}, created empty in the earlier format
     * if there is none: an empty map's header is all that tells the formats apart, by its value
     * kind.
     */
    static PersistentSortedMap<Long, String> root(Heap heap, String rootName) {
        HeapCore core = heap.core();
        if (core.root(rootName) == 0) {
            long handle = PersistentSortedMap.root(heap, rootName, KeyType.LONG, ValueType.STRING).handle();
            core.segment().set(LittleEndian.BYTE, handle + VALUE_KIND, (byte) ValueKind.STRING.code());
            core.markDirty(handle + VALUE_KIND, 1);
        }
        PersistentSortedMap<Long, String> map = PersistentSortedMap.root(heap, rootName, KeyType.LONG, ValueType.STRING);
        if (MapHeader.read(core.segment(), map.handle()).leafStrings()) {
            throw new IllegalStateException("root " + rootName + " holds a map of leaf strings");
        }
        return map;
    }
}
