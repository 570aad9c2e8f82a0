package dev.ferrite.runtime.heap;

import java.util.Map;

/**
 * Space and contents of a heap at one moment, for {@code Heap.info()}.
 *
 * @param bound bytes the heap may grow to, {@code Long.MAX_VALUE} when unbounded
 * @param size bytes of the file the heap's regions take now
 * @param extent the end of the pages ever used
 * @param allocatedBytes bytes in allocated blocks
 * @param allocatedBlocks allocated blocks
 * @param blocksPerType the number of allocated blocks per type id, read from every block's header
 */
public record HeapStatistics(long bound, long size, long extent, long allocatedBytes, long allocatedBlocks,
        Map<Integer, Long> blocksPerType) {
    public HeapStatistics {
        blocksPerType = Map.copyOf(blocksPerType);
    }
}
