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
        long freed = 0;
        for (int i = 0; i < count[0]; i++) {
            freed += TreeRepacker.repack(core, found[0][i]);
        }
        return freed;
    }
}
