package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.testing.Counter;
import dev.ferrite.runtime.testing.CounterFlyweight;
import dev.ferrite.runtime.collection.TestBlockHeap;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The list's API one behaviour at a time, over a test heap. */
class PersistentListTest {
    private final TestBlockHeap heap = new TestBlockHeap(16L << 20);

    @AfterEach
    void close() {
        heap.close();
    }

    @Test
    void indexesOutsideTheListAreRefusedWithTheNumbers() {
        PersistentList<Long> list = PersistentList.create(heap, ValueType.LONG);
        list.addLong(1);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> list.get(1));
        assertEquals("Index 1 out of bounds for length 1", e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> list.setLong(-1, 0));
    }

    @Test
    void listsHoldLongsOrReferencesOnly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PersistentList.create(heap, ValueType.struct(Counter.class)));
        assertTrue(e.getMessage().contains("use ValueType.reference"), e.getMessage());
        PersistentList<Counter> references = PersistentList.create(heap, ValueType.reference(Counter.class));
        assertThrows(UnsupportedOperationException.class, () -> references.addLong(1));
        try (TestBlockHeap other = new TestBlockHeap(1 << 20)) {
            Counter foreign = CounterFlyweight.TYPE.initialize(other, other.allocate(CounterFlyweight.SIZE));
            assertThrows(IllegalArgumentException.class, () -> references.add(foreign));
            assertEquals(0, references.size(), "a refused element is not added");
        }
    }

    @Test
    void rootsAndHandlesReopenTheSameListAndRefuseOtherTypes() {
        PersistentList<Long> list = PersistentList.root(heap, "ids", ValueType.LONG);
        list.addLong(5);
        assertEquals(5, PersistentList.root(heap, "ids", ValueType.LONG).getLong(0));
        assertEquals(5, PersistentList.open(heap, list.handle(), ValueType.LONG).getLong(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PersistentList.root(heap, "ids", ValueType.reference(Counter.class)));
        assertEquals("root \"ids\": the list at handle " + list.handle()
                + " holds long elements, not reference elements (test.Counter, type id 0x"
                + Integer.toHexString(CounterFlyweight.TYPE.typeId()) + ")", e.getMessage());
    }

    @Test
    void iteratorsFailFastWhenTheSizeChanges() {
        PersistentList<Long> list = PersistentList.create(heap, ValueType.LONG);
        list.addLong(1);
        list.addLong(2);
        Iterator<Long> elements = list.iterator();
        elements.next();
        list.setLong(1, 9);
        assertEquals(9L, elements.next());
        Iterator<Long> again = list.iterator();
        list.removeLast();
        assertThrows(ConcurrentModificationException.class, again::next);
    }
}
