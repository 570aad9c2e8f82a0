package dev.ferrite.runtime.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.HeapFullException;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.HeapLayout;
import dev.ferrite.runtime.memory.Regions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A heap that starts at 64 KiB in 64 MiB of memory and grows by regions as blocks need: blocks
 * stay where they were allocated, never span a region's page table, survive a reload, and a
 * rollback forgets a growth whole.
 */
class HeapGrowthTest {
    private static final long INITIAL = 64 << 10;

    private final ArenaMemory memory = new ArenaMemory(64L << 20);
    private final HeapCore heap = HeapCore.format(memory, "growing heap", INITIAL, HeapHeader.UNBOUNDED);

    @Test
    void growsByRegionsKeepingEveryBlockWhereItWas() {
        TreeMap<Long, Long> blocks = allocateMixed(3000, new Random(3));
        Regions regions = heap.regions();
        assertTrue(regions.count() > 4, "grew by several regions: " + regions);
        assertTrue(heap.size() > 8 * INITIAL && heap.size() <= 64L << 20, "size " + heap.size());
        assertEquals(List.of(), memory.unmarkedPages(), "every byte growth writes is marked for the commit");
        for (var block : blocks.entrySet()) {
            long first = block.getKey() >>> HeapLayout.PAGE_SHIFT;
            long last = (block.getKey() + block.getValue() - 1) >>> HeapLayout.PAGE_SHIFT;
            for (long page = first; page <= last; page++) {
                assertTrue(regions.isDataPage(page), "block at " + block.getKey() + " covers page " + page
                        + ", which is not a data page of " + regions);
            }
            assertEquals(regions.regionOf(first), regions.regionOf(last), "a block never spans two regions");
        }
        HeapCore reloaded = HeapCore.load(memory, "growing heap", true);
        assertEquals(listBlocks(heap), listBlocks(reloaded));
        assertEquals(regions.toString(), reloaded.regions().toString());
        for (var block : blocks.entrySet()) {
            assertEquals(block.getKey() * 31, heap.segment().get(java.lang.foreign.ValueLayout.JAVA_LONG, block.getKey()),
                    "block at " + block.getKey() + " kept its contents");
        }
    }

    @Test
    void aRollbackForgetsTheGrowthAndTheSameRegionIsAddedAgain() {
        allocateMixed(50, new Random(5));
        memory.checkpoint();
        String before = heap.regions().toString();
        List<String> blocksBefore = listBlocks(heap);
        allocateMixed(2000, new Random(6));
        assertTrue(heap.regions().count() > 3);
        memory.rollback();
        heap.reload();
        assertEquals(before, heap.regions().toString());
        assertEquals(blocksBefore, listBlocks(heap));
        allocateMixed(2000, new Random(6));
        assertTrue(heap.regions().count() > 3);
        assertEquals(List.of(), new HeapCoreChecks(heap).overlaps());
    }

    @Test
    void growthStopsAtTheBoundWithAMessageThatSaysHowToRaiseIt() {
        HeapCore bounded = HeapCore.format(new ArenaMemory(16L << 20), "bounded heap", INITIAL, 2L << 20);
        var full = assertThrows(HeapFullException.class, () -> {
            while (true) {
                bounded.allocate(3000);
            }
        });
        assertTrue(full.getMessage().contains("bound of 2097152 bytes"), full.getMessage());
        assertTrue(full.getMessage().contains("ferrite grow"), full.getMessage());
        assertTrue(bounded.size() <= 2L << 20 && bounded.size() > (2L << 20) * 9 / 10, "size " + bounded.size());
        assertEquals(4L << 20, bounded.bound(4L << 20));
        bounded.allocate(3000);
        assertTrue(bounded.size() > 2L << 20);
        assertEquals(bounded.size(), bounded.bound(0), "a bound is never lowered below the size");
    }

    @Test
    void aLargeBlockGetsARegionOfItsOwnSize() {
        long big = heap.allocate(10L << 20);
        assertEquals(10L << 20, heap.blockSize(big));
        int region = heap.regions().regionOf(big >>> HeapLayout.PAGE_SHIFT);
        assertTrue(heap.regions().end(region) - big >= 10L << 20);
    }

    @Test
    void regionsPastTheEndOfTheMemoryAreRefused() {
        ArenaMemory small = new ArenaMemory(4L << 20);
        HeapCore core = HeapCore.format(small, "small", INITIAL, HeapHeader.UNBOUNDED);
        while (core.regions().count() < 3) {
            core.allocate(3000);
        }
        ArenaMemory cut = new ArenaMemory(INITIAL * 2);
        java.lang.foreign.MemorySegment.copy(small.segment(), 0, cut.segment(), 0, INITIAL * 2);
        var e = assertThrows(CorruptHeapException.class, () -> HeapCore.load(cut, "cut", false));
        assertTrue(e.getMessage().contains("regions end at " + core.size() + " bytes but the file has only "
                + INITIAL * 2), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }

    private TreeMap<Long, Long> allocateMixed(int count, Random random) {
        TreeMap<Long, Long> blocks = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            long bytes = 8 + random.nextInt(i % 17 == 0 ? 40_000 : 700);
            long offset = heap.allocate(bytes);
            heap.segment().set(java.lang.foreign.ValueLayout.JAVA_LONG, offset, offset * 31);
            heap.markDirty(offset, 8);
            blocks.put(offset, bytes);
        }
        return blocks;
    }

    private static List<String> listBlocks(HeapCore core) {
        List<String> blocks = new ArrayList<>();
        core.forEachBlock((offset, size) -> blocks.add(offset + "+" + size));
        return blocks;
    }

    /** Overlap check over the listed blocks. */
    private record HeapCoreChecks(HeapCore core) {
        List<String> overlaps() {
            List<String> found = new ArrayList<>();
            long end = 0;
            for (String block : listBlocks(core)) {
                long offset = Long.parseLong(block.substring(0, block.indexOf('+')));
                if (offset < end) {
                    found.add("block at " + offset + " overlaps the one before, ending at " + end);
                }
                end = offset + Long.parseLong(block.substring(block.indexOf('+') + 1));
            }
            return found;
        }
    }
}
