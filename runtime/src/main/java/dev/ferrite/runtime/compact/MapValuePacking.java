package dev.ferrite.runtime.compact;

import dev.ferrite.runtime.collection.BPlusTree;
import dev.ferrite.runtime.collection.MapHeader;
import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.TreeCursor;
import dev.ferrite.runtime.collection.ValueKind;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.memory.HeapLayout;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Map;

/**
 * Packs the heap strings that a sorted map owns as values into fewer slabs, as part of a commit,
 * once the map has freed a quarter as many of them as it holds since it was last packed.
 *
 * <p>Removing a random half of a map's entries leaves every slab of its strings about half used,
 * and an allocator that keeps blocks where they are cannot give a page of them back: the space
 * stays taken until a compaction. These strings, though, can move at any time: nothing but their
 * entry refers to them, since the map hands out copies. So the strings of the emptiest slabs
 * (those holding the map's strings and nothing else, at most three quarters used) move into the
 * free blocks of the other slabs of their size, their entries are pointed at the new places, and
 * the emptied pages go back to the file system once the commit is durable, as every freed page
 * does. The moves are ordinary writes of the commit they run in: a crash keeps all or none.
 */
public final class MapValuePacking {
    /** Fewer frees than this never start a packing: it walks all the map's entries. */
    private static final long LEAST_FREED = 64;
    /** Slabs used more than this are left alone: moving their blocks frees too little for the bytes written. */
    private static final double MOST_USED = 0.75;
    /** A packing that would empty fewer slabs than this does not move anything. */
    private static final int LEAST_SLABS = 2;

    private MapValuePacking() {}

    /** Packs the strings of every map of {@code core} that has freed enough of them; returns the strings moved. */
    public static long run(HeapCore core) {
        long moved = 0;
        for (Map.Entry<Long, Long> freed : core.freedValueStrings().entrySet()) {
            long header = freed.getKey();
            if (!ownsStrings(core, header)) {
                // freed, or its block reused, since it counted
                core.valueStringsPacked(header);
                continue;
            }
            BPlusTree tree = BPlusTree.open(core, header);
            if (freed.getValue() >= Math.max(LEAST_FREED, tree.size() / 4)) {
                core.valueStringsPacked(header);
                moved += pack(core, tree);
            }
        }
        return moved;
    }

    private static boolean ownsStrings(HeapCore core, long header) {
        MemorySegment segment = core.segment();
        return core.blockSize(header) >= NodeFormat.HEADER_SIZE
                && RecordHeader.typeId(segment, header) == NodeFormat.MAP_TYPE_ID
                && MapHeader.read(segment, header).values() == ValueKind.STRING;
    }

    /** Moves the strings of the map's emptiest slabs into its other slabs; returns how many moved. */
    static long pack(HeapCore core, BPlusTree tree) {
        MemorySegment segment = core.segment();
        long[] strings = new long[(int) Math.min(tree.size(), Integer.MAX_VALUE - 8)];
        int count = 0;
        TreeCursor cursor = new TreeCursor(tree);
        for (cursor.first(); cursor.valid() && count < strings.length; cursor.next()) {
            long string = cursor.payload();
            if (string != 0) {
                strings[count++] = string;
            }
        }
        strings = Arrays.copyOf(strings, count);
        Arrays.sort(strings);
        long[] emptied = core.emptySparseSlabs(strings, MOST_USED, LEAST_SLABS);
        if (emptied.length == 0) {
            return 0;
        }
        long moved = 0;
        try {
            for (cursor.first(); cursor.valid(); cursor.next()) {
                long string = cursor.payload();
                if (string != 0 && Arrays.binarySearch(emptied, string >>> HeapLayout.PAGE_SHIFT) >= 0) {
                    long at = cursor.payloadAddress();
                    segment.set(LittleEndian.LONG, at, core.relocateBlock(string));
                    core.markDirty(at, 8);
                    moved++;
                }
            }
        } finally {
            core.endEmptying();
        }
        return moved;
    }
}
