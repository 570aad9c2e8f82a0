package dev.ferrite.runtime.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.HeapFullException;
import dev.ferrite.runtime.memory.HeapLayout;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AllocatorTest {
    private static final long CAPACITY = 4L << 20;

    private final ArenaMemory memory = new ArenaMemory(CAPACITY);
    private final HeapCore heap = HeapCore.format(memory, "test heap");

    @Test
    void blocksAreAlignedDisjointAndZeroedEvenWhenReused() {
        TreeMap<Long, Long> blocks = new TreeMap<>();
        Random random = new Random(1);
        for (int i = 0; i < 500; i++) {
            long bytes = 1 + random.nextInt(i % 10 == 0 ? 20_000 : 600);
            long offset = heap.allocate(bytes);
            assertEquals(0, offset % 8, "alignment");
            assertZero(offset, bytes);
            heap.segment().asSlice(offset, bytes).fill((byte) 0x5A);
            blocks.put(offset, bytes);
            if (random.nextInt(3) == 0) {
                long victim = new ArrayList<>(blocks.keySet()).get(random.nextInt(blocks.size()));
                heap.free(victim);
                blocks.remove(victim);
            }
        }
        long end = 0;
        for (var block : blocks.entrySet()) {
            assertTrue(block.getKey() >= end, "block at " + block.getKey() + " overlaps its predecessor");
            end = block.getKey() + block.getValue();
        }
    }

    @Test
    void freedSmallBlockIsReusedFirst() {
        long a = heap.allocate(40);
        long b = heap.allocate(40);
        heap.allocate(40);
        heap.free(b);
        assertEquals(b, heap.allocate(33));
        heap.free(a);
        assertEquals(a, heap.allocate(48));
    }

    @Test
    void freedPageRunIsReusedAndZeroed() {
        long run = heap.allocate(10_000);
        assertEquals(0, run % HeapLayout.PAGE_SIZE);
        heap.segment().asSlice(run, 10_000).fill((byte) 1);
        heap.allocate(16);
        heap.free(run);
        assertEquals(run, heap.allocate(12_288));
        assertZero(run, 12_288);
    }

    @Test
    void pageRunsComeFromTheSmallestHoleThatFits() {
        long five = heap.allocate(5 * 4096);
        long fence = heap.allocate(4096);
        long two = heap.allocate(2 * 4096);
        heap.allocate(4096);
        heap.free(five);
        heap.free(two);
        assertEquals(two, heap.allocate(2 * 4096), "the 2-page hole, not the first hole");
        assertEquals(five, heap.allocate(3 * 4096));
        assertEquals(five + 3 * 4096, heap.allocate(2 * 4096), "the rest of the 5-page hole");
        heap.free(fence);
        assertEquals(fence, heap.allocate(100), "a new slab takes the 1-page hole");
    }

    @Test
    void doubleFreeAndFreeOfNoBlockAreRefused() {
        long a = heap.allocate(100);
        heap.allocate(100);
        heap.free(a);
        var twice = assertThrows(IllegalArgumentException.class, () -> heap.free(a));
        assertTrue(twice.getMessage().contains("offset " + a) && twice.getMessage().contains("already freed"),
                twice.getMessage());
        long b = heap.allocate(100);
        var inside = assertThrows(IllegalArgumentException.class, () -> heap.free(b + 8));
        assertTrue(inside.getMessage().contains("inside a block"), inside.getMessage());
        var outside = assertThrows(IllegalArgumentException.class, () -> heap.free(16));
        assertTrue(outside.getMessage().contains("outside"), outside.getMessage());
        long run = heap.allocate(9000);
        assertThrows(IllegalArgumentException.class, () -> heap.free(run + 4096));
    }

    @Test
    void fullHeapRefusesUntilSomethingIsFreed() {
        List<Long> blocks = new ArrayList<>();
        var full = assertThrows(HeapFullException.class, () -> {
            while (true) {
                blocks.add(heap.allocate(4000));
            }
        });
        assertTrue(full.getMessage().contains("heap full") && full.getMessage().contains("bound of " + CAPACITY),
                full.getMessage());
        assertTrue(blocks.size() * 4096L > CAPACITY * 9 / 10, "used most of the capacity: " + blocks.size());
        assertThrows(HeapFullException.class, () -> heap.allocate(16));
        heap.free(blocks.get(7));
        assertEquals(blocks.get(7), heap.allocate(16));
    }

    @Test
    void smallAllocationsAndFreesDirtyOneDataPageAndOnePageTablePage() {
        List<Long> blocks = new ArrayList<>();
        blocks.add(heap.allocate(48));
        memory.checkpoint();
        for (int i = 0; i < 50; i++) {
            blocks.add(heap.allocate(48));
        }
        assertEquals(List.of(), memory.unmarkedPages());
        assertEquals(2, memory.markedPages(), "the slab's page and its page table entry");
        memory.checkpoint();
        for (int i = 0; i < 20; i++) {
            heap.free(blocks.get(i));
        }
        assertEquals(List.of(), memory.unmarkedPages());
        assertEquals(1, memory.markedPages(), "only the page table entry");
    }

    @Test
    void runFromUntouchedPagesIsNotWritten() {
        memory.checkpoint();
        long run = heap.allocate(1 << 20);
        assertEquals(List.of(), memory.unmarkedPages());
        for (long page = run >>> HeapLayout.PAGE_SHIFT; page < (run + (1 << 20)) >>> HeapLayout.PAGE_SHIFT; page++) {
            assertFalse(memory.marked(page), "page " + page + " of the run was marked");
        }
    }

    @Test
    void reloadRebuildsFreeListsFromThePageTable() {
        long a = heap.allocate(24);
        long b = heap.allocate(24);
        long run = heap.allocate(20_000);
        heap.free(a);
        heap.free(run);
        long bytes = heap.statistics().allocatedBytes();
        heap.reload();
        assertEquals(bytes, heap.statistics().allocatedBytes());
        assertEquals(1, heap.statistics().allocatedBlocks());
        assertEquals(a, heap.allocate(24));
        assertEquals(run, heap.allocate(20_000));
        assertThrows(IllegalArgumentException.class, () -> heap.free(b + 24 * 5));
    }

    @Test
    void randomWorkloadMarksEveryWriteAndReloadsToTheSameState() {
        Random random = new Random(42);
        List<Long> live = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            memory.checkpoint();
            for (int i = 0; i < 200; i++) {
                if (live.isEmpty() || random.nextInt(3) != 0) {
                    live.add(heap.allocate(1 + random.nextInt(random.nextBoolean() ? 300 : 9000)));
                } else {
                    heap.free(live.remove(random.nextInt(live.size())));
                }
            }
            assertEquals(List.of(), memory.unmarkedPages(), "round " + round);
            long bytes = heap.statistics().allocatedBytes();
            heap.reload();
            assertEquals(bytes, heap.statistics().allocatedBytes());
            assertEquals(live.size(), heap.statistics().allocatedBlocks());
        }
    }

    @Test
    void damagedPageTableEntryIsReportedWithItsPage() {
        long block = heap.allocate(64);
        long page = block >>> HeapLayout.PAGE_SHIFT;
        MemorySegment segment = heap.segment();
        long entry = HeapLayout.descriptor(page);
        segment.set(LittleEndian.BYTE, entry + 9, (byte) (segment.get(LittleEndian.BYTE, entry + 9) ^ 4));
        var e = assertThrows(CorruptHeapException.class, heap::reload);
        assertTrue(e.getMessage().contains("page " + page) && e.getMessage().contains("checksum"), e.getMessage());
    }

    private void assertZero(long offset, long bytes) {
        MemorySegment block = heap.segment().asSlice(offset, bytes);
        assertEquals(-1, block.mismatch(MemorySegment.ofArray(new byte[(int) bytes])), "block at " + offset + " is zeroed");
    }
}
