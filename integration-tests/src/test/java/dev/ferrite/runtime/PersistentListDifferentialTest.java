package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferrite.runtime.collection.ChunkedList;
import dev.ferrite.runtime.testing.Counter;
import dev.ferrite.runtime.testing.CounterFlyweight;
import dev.ferrite.runtime.collection.TestBlockHeap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random operations on a list and an {@link ArrayList} side by side. */
class PersistentListDifferentialTest {

    @Test
    void longElementsBehaveLikeAnArrayList() {
        Random random = new Random(11);
        try (TestBlockHeap heap = new TestBlockHeap(64L << 20)) {
            PersistentList<Long> list = PersistentList.create(heap, ValueType.LONG);
            List<Long> expected = new ArrayList<>();
            for (int phase = 0; phase < 6; phase++) {
                byte[] before = heap.resetDirty();
                int growPercent = phase % 2 == 0 ? 80 : 25;
                for (int i = 0; i < 8_000; i++) {
                    int dice = random.nextInt(100);
                    if (dice < growPercent) {
                        long value = random.nextLong();
                        if (random.nextBoolean()) {
                            list.add(value);
                        } else {
                            list.addLong(value);
                        }
                        expected.add(value);
                    } else if (dice < 90) {
                        if (expected.isEmpty()) {
                            assertThrows(NoSuchElementException.class, list::removeLast);
                        } else {
                            assertEquals(expected.removeLast(), list.removeLastLong());
                        }
                    } else if (!expected.isEmpty()) {
                        int index = random.nextInt(expected.size());
                        long value = random.nextLong();
                        assertEquals(expected.set(index, value), list.set(index, value));
                        int other = random.nextInt(expected.size());
                        assertEquals(expected.get(other), list.getLong(other));
                    }
                    assertEquals(expected.size(), list.size());
                }
                assertEquals(-1, heap.firstUnmarkedWrite(before), "a byte was written without being marked");
                check(heap, list, expected);
            }
            while (!expected.isEmpty()) {
                assertEquals(expected.removeLast(), list.removeLast());
            }
            check(heap, list, expected);
            assertEquals(Map.of(list.handle(), (long) ChunkedList.HEADER_SIZE), heap.liveBlocks(), "only the header is left");
            list.free();
            assertEquals(Map.of(), heap.liveBlocks());
        }
    }

    @Test
    void referenceElementsAreFlyweightsOfTheSameRecords() {
        try (TestBlockHeap heap = new TestBlockHeap(16L << 20)) {
            PersistentList<Counter> list = PersistentList.create(heap, ValueType.reference(Counter.class));
            List<Counter> expected = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                Counter counter = i % 7 == 0 ? null : CounterFlyweight.TYPE.initialize(heap, heap.allocate(CounterFlyweight.SIZE));
                if (counter != null) {
                    counter.value(i);
                }
                list.add(counter);
                expected.add(counter);
            }
            List<Counter> all = new ArrayList<>();
            list.forEach(all::add);
            assertEquals(expected, all);
            assertEquals(999, list.get(999).value());
            list.clear();
            assertEquals(0, list.size());
            assertEquals(List.of(), ChunkedList.open(heap, list.handle()).problems());
        }
    }

    private static void check(TestBlockHeap heap, PersistentList<Long> list, List<Long> expected) {
        List<Long> all = new ArrayList<>();
        list.forEach(all::add);
        assertEquals(expected, all);
        ChunkedList chunks = ChunkedList.open(heap, list.handle());
        List<String> problems = new ArrayList<>();
        var blocks = chunks.verify(problems);
        assertEquals(List.of(), problems);
        assertEquals(blocks, heap.liveBlocks().keySet(), "the list's blocks are exactly the live ones");
    }
}
