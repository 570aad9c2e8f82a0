package dev.ferrite.runtime.compact;

import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.TreeRepacker;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.heap.HeapCore;
import java.util.Arrays;

/**
 * The first step of a compaction, before anything moves: packs the leaves of every sorted map in
 * the heap full (see {@link TreeRepacker}), so that the pages of the leaves it frees are gained
 * with the rest.
 */
final class MapRepacking {
    private MapRepacking() {}

    /** Packs every sorted map of {@code core}; returns the nodes freed. */
    static long run(HeapCore core) {
        long freed = 0;
        for (long map : maps(core)) {
            freed += TreeRepacker.repack(core, map);
        }
        return freed;
    }

    /** The nodes {@link #run} would free, changing nothing. */
    static long freeable(HeapCore core) {
        long freeable = 0;
        for (long map : maps(core)) {
            freeable += TreeRepacker.freeable(core, map);
        }
        return freeable;
    }

    /** The headers of the heap's sorted maps. */
    private static long[] maps(HeapCore core) {
        int[] count = {0};
        long[][] found = {new long[16]};
        core.forEachBlock((offset, size) -> {
            if (RecordHeader.typeId(core.segment(), offset) == NodeFormat.MAP_TYPE_ID) {
                if (count[0] == found[0].length) {
                    found[0] = Arrays.copyOf(found[0], count[0] * 2);
                }
                found[0][count[0]++] = offset;
            }
        });
        return Arrays.copyOf(found[0], count[0]);
    }
}
