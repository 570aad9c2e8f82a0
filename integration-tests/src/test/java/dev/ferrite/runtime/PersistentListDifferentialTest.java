package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ferrite.runtime.collection.ChunkedList;
import dev.ferrite.runtime.testing.Counter;
import dev.ferrite.runtime.testing.CounterFlyweight;
import dev.ferrite.runtime.collection.TestBlockHeap;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random operations on a list and an {@link ArrayList} side by side: appends and removals at the
 * end, and everything at an index — inserts and removals (which move elements across chunk
 * boundaries), runs of inserts, sublist clears, list iterators that add, set and remove, sorts,
 * searches.
 */
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
                    } else {
                        atAnIndex(list, expected, random);
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

    /** One random operation at a random index, the same on both lists. */
    private static void atAnIndex(PersistentList<Long> list, List<Long> expected, Random random) {
        int size = expected.size();
        int index = random.nextInt(size + 1);
        long value = random.nextLong();
        switch (random.nextInt(9)) {
            case 0, 1 -> {
                expected.add(index, value);
                list.add(index, value);
            }
            case 2, 3 -> {
                if (index < size) {
                    assertEquals(expected.remove(index), list.remove(index), "remove at " + index);
                } else {
                    assertThrows(IndexOutOfBoundsException.class, () -> list.remove(index));
                }
            }
            case 4 -> {
                if (index < size) {
                    assertEquals(expected.set(index, value), list.set(index, value));
                    assertEquals(expected.get(index), list.getLong(index));
                }
            }
            case 5 -> {
                int to = index + random.nextInt(Math.min(size - index, 700) + 1);
                expected.subList(index, to).clear();
                list.subList(index, to).clear();
            }
            case 6 -> {
                Long probe = size > 0 && random.nextBoolean() ? expected.get(random.nextInt(size)) : value;
                assertEquals(expected.indexOf(probe), list.indexOf(probe), "indexOf");
                assertEquals(expected.lastIndexOf(probe), list.lastIndexOf(probe), "lastIndexOf");
                assertEquals(expected.contains(probe), list.contains(probe), "contains");
            }
            case 7 -> {
                ListIterator<Long> wanted = expected.listIterator(index);
                ListIterator<Long> actual = list.listIterator(index);
                for (int step = 0; step < 40; step++) {
                    assertEquals(wanted.nextIndex(), actual.nextIndex(), "nextIndex");
                    switch (random.nextInt(5)) {
                        case 0 -> {
                            wanted.add(value + step);
                            actual.add(value + step);
                        }
                        case 1 -> {
                            if (wanted.hasPrevious()) {
                                assertEquals(wanted.previous(), actual.previous(), "previous");
                                wanted.set(value - step);
                                actual.set(value - step);
                            }
                        }
                        case 2 -> {
                            if (wanted.hasNext()) {
                                assertEquals(wanted.next(), actual.next(), "next");
                                wanted.remove();
                                actual.remove();
                            }
                        }
                        default -> {
                            assertEquals(wanted.hasNext(), actual.hasNext(), "hasNext");
                            if (wanted.hasNext()) {
                                assertEquals(wanted.next(), actual.next(), "next");
                            }
                        }
                    }
                }
            }
            default -> {
                if (random.nextBoolean()) {
                    int to = index + random.nextInt(Math.min(size - index, 200) + 1);
                    expected.subList(index, to).sort(null);
                    list.subList(index, to).sort(null);
                } else {
                    List<Long> run = random.longs(1 + random.nextInt(40)).boxed().toList();
                    expected.addAll(index, run);
                    list.addAll(index, run);
                }
            }
        }
    }

    private static void check(TestBlockHeap heap, PersistentList<Long> list, List<Long> expected) {
        List<Long> all = new ArrayList<>();
        list.forEach(all::add);
        assertEquals(expected, all);
        assertEquals(expected, list, "equals");
        assertEquals(expected.hashCode(), list.hashCode(), "hashCode");
        assertEquals(expected.stream().mapToLong(Long::longValue).sum(), list.stream().mapToLong(Long::longValue).sum());
        ChunkedList chunks = ChunkedList.open(heap, list.handle());
        List<String> problems = new ArrayList<>();
        var blocks = chunks.verify(problems);
        assertEquals(List.of(), problems);
        assertEquals(blocks, heap.liveBlocks().keySet(), "the list's blocks are exactly the live ones");
    }
}
