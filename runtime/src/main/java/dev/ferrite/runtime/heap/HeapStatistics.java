package dev.ferrite.runtime.heap;

import java.util.Map;

/**
 * Space and contents of a heap at one moment, for {@code Heap.info()}.
 *
 * @param capacity bytes the heap may grow to
 * @param extent the end of the pages ever used
 * @param allocatedBytes bytes in allocated blocks
 * @param allocatedBlocks allocated blocks
 * @param blocksPerType the number of allocated blocks per type id, read from every block's header
 */
public record HeapStatistics(long capacity, long extent, long allocatedBytes, long allocatedBlocks,
        Map<Integer, Long> blocksPerType) {
    public HeapStatistics {
        blocksPerType = Map.copyOf(blocksPerType);
    }
}
