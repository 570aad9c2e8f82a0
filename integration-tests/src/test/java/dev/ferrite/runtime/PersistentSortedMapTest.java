package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.testing.Counter;
import dev.ferrite.runtime.testing.CounterFlyweight;
import dev.ferrite.runtime.collection.TestBlockHeap;
import dev.ferrite.runtime.collection.TreeVerifier;
import dev.ferrite.runtime.struct.LittleEndian;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sorted map's API one behaviour at a time, over a test heap. */
class PersistentSortedMapTest {
    private final TestBlockHeap heap = new TestBlockHeap(64L << 20);

    @AfterEach
    void close() {
        heap.close();
    }

    @Test
    void stringKeysFollowStringCompareToWhereItDiffersFromCodePointOrder() {
        PersistentSortedMap<String, Long> map = PersistentSortedMap.create(heap, KeyType.STRING, ValueType.LONG);
        TreeMap<String, Long> expected = new TreeMap<>();
        String[] keys = {"\uffff", "\ue000", "\ud800\udc00", "\udbff\udfff", "\ud7ff", "a\ue000", "a\ud83d\ude00", "", "a"};
        for (int i = 0; i < keys.length; i++) {
            map.putLong(keys[i], i);
            expected.put(keys[i], (long) i);
        }
        List<String> order = new ArrayList<>();
        order.addAll(map.keySet());
        assertEquals(new ArrayList<>(expected.keySet()), order);
        assertTrue(order.indexOf("\ud800\udc00") < order.indexOf("\ue000"), "U+10000 sorts before U+E000 in UTF-16");
    }

    @Test
    void keysWithUnpairedSurrogatesAreRefused() {
        PersistentSortedMap<String, Long> map = PersistentSortedMap.create(heap, KeyType.STRING, ValueType.LONG);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> map.putLong("ab\ud800", 1));
        assertTrue(e.getMessage().contains("unpaired surrogate U+D800 at index 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> map.get("\udc00x"));
        assertEquals(0, map.size());
    }

    @Test
    void anUpdateInsideALeafDirtiesOnlyThatLeafAndTheHeader() {
        PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
        for (long key = 0; key < 100; key += 2) {
            map.putLong(key, key);
        }
        heap.resetDirty();
        map.get(10L);
        map.containsKey(11L);
        map.entrySet().forEach(entry -> {});
        assertEquals(0, heap.dirtyPages().size(), "reads write nothing");

        map.putLong(51L, 1);
        assertEquals(2, heap.dirtyPages().size(), "insert: " + heap.dirtyPages());
        heap.resetDirty();
        map.addLong(10L, 1);
        assertEquals(1, heap.dirtyPages().size(), "update of a value: " + heap.dirtyPages());
    }

    @Test
    void ownedStructValuesAreCreatedOnceAndFreedOnRemove() {
        PersistentSortedMap<String, Counter> map = PersistentSortedMap.create(heap, KeyType.STRING, ValueType.struct(Counter.class));
        Counter counter = map.getOrCreate("a");
        counter.value(41);
        map.getOrCreate("a").value(map.getOrCreate("a").value() + 1);
        assertEquals(42, map.get("a").value());
        assertEquals(counter, map.get("a"));
        int withRecord = heap.liveBlocks().size();
        assertNotNull(map.remove("a"));
        assertEquals(withRecord - 2, heap.liveBlocks().size(), "the record and the emptied leaf are freed");
        assertNull(map.get("a"));
        assertThrows(UnsupportedOperationException.class, () -> map.put("b", counter));
        for (int i = 0; i < 500; i++) {
            map.getOrCreate("key " + i).value(i);
        }
        map.clear();
        assertEquals(1, heap.liveBlocks().size(), "clear frees nodes and records; the header stays");
    }

    @Test
    void referenceValuesAreNotOwned() {
        PersistentSortedMap<Long, Counter> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.reference(Counter.class));
        Counter counter = CounterFlyweight.TYPE.initialize(heap, heap.allocate(CounterFlyweight.SIZE));
        counter.value(7);
        assertNull(map.put(1L, counter));
        assertNull(map.put(2L, null));
        assertTrue(map.containsKey(2L));
        assertNull(map.get(2L));
        assertEquals(counter, map.put(1L, counter));
        assertEquals(7, map.get(1L).value());
        map.clear();
        assertTrue(heap.liveBlocks().containsKey(((CounterFlyweight) counter).offset()), "the referenced record stays allocated");
        try (TestBlockHeap other = new TestBlockHeap(1 << 20)) {
            Counter foreign = CounterFlyweight.TYPE.initialize(other, other.allocate(CounterFlyweight.SIZE));
            assertThrows(IllegalArgumentException.class, () -> map.put(3L, foreign));
            assertFalse(map.containsKey(3L), "a refused value inserts no key");
        }
    }

    @Test
    void primitiveMethodsNeedLongValues() {
        PersistentSortedMap<Long, Counter> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.struct(Counter.class));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> map.addLong(1L, 1));
        assertTrue(e.getMessage().contains("addLong needs a map of long values"), e.getMessage());
        PersistentSortedMap<Long, Long> longs = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
        assertThrows(UnsupportedOperationException.class, () -> longs.getOrCreate(1L));
        assertThrows(NullPointerException.class, () -> longs.put(null, 1L));
    }

    @Test
    void emptyMapsHaveNoEnds() {
        PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
        assertThrows(NoSuchElementException.class, map::firstKey);
        assertThrows(NoSuchElementException.class, map::lastKey);
        assertNull(map.firstEntry());
        assertNull(map.ceilingKey(0L));
        assertFalse(map.entrySet().iterator().hasNext());
        assertEquals(1, heap.liveBlocks().size(), "an empty map is just its header");
    }

    @Test
    void iteratorsFailFastWhenKeysAreAddedOrRemoved() {
        PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
        map.putLong(1L, 1);
        map.putLong(2L, 2);
        Iterator<Map.Entry<Long, Long>> entries = map.entrySet().iterator();
        entries.next();
        map.addLong(2L, 5);
        assertEquals(Map.entry(2L, 7L), entries.next(), "changing a value is not a structural change");
        Iterator<Map.Entry<Long, Long>> again = map.entrySet().iterator();
        map.putLong(3L, 3);
        assertThrows(ConcurrentModificationException.class, again::next);
    }

    @Test
    void handlesReopenTheSameMapAndRefuseOtherBlocks() {
        PersistentSortedMap<String, Long> map = PersistentSortedMap.root(heap, "words", KeyType.STRING, ValueType.LONG);
        map.putLong("x", 1);
        assertEquals(map.handle(), PersistentSortedMap.root(heap, "words", KeyType.STRING, ValueType.LONG).handle());
        assertEquals(1, PersistentSortedMap.open(heap, map.handle(), KeyType.STRING, ValueType.LONG).getLong("x", 0));
        IllegalArgumentException wrongTypes = assertThrows(IllegalArgumentException.class,
                () -> PersistentSortedMap.root(heap, "words", KeyType.LONG, ValueType.LONG));
        assertEquals("root \"words\": the sorted map at handle " + map.handle()
                + " holds String keys and long values, not long keys and long values", wrongTypes.getMessage());
        long record = heap.allocate(64);
        IllegalArgumentException notAMap = assertThrows(IllegalArgumentException.class,
                () -> PersistentSortedMap.open(heap, record, KeyType.STRING, ValueType.LONG));
        assertTrue(notAMap.getMessage().startsWith("handle " + record + " is not a sorted map"), notAMap.getMessage());
    }

    @Test
    void aDamagedNodeIsReportedAsACorruptHeap() {
        PersistentSortedMap<String, Long> map = PersistentSortedMap.create(heap, KeyType.STRING, ValueType.LONG);
        map.putLong("a key longer than twenty bytes", 1);
        long leaf = heap.segment().get(LittleEndian.LONG, map.handle() + 16);
        long keyBlock = heap.segment().get(LittleEndian.LONG, leaf + 24 + 16);
        heap.segment().set(LittleEndian.INT, keyBlock, 0x1234);
        CorruptHeapException badKey = assertThrows(CorruptHeapException.class, () -> map.get("a key longer than twenty bytes!"));
        assertTrue(badKey.getMessage().contains("does not point at a key block"), badKey.getMessage());
        heap.segment().set(LittleEndian.INT, leaf + 8, 1_000_000);
        CorruptHeapException badCount = assertThrows(CorruptHeapException.class, () -> map.get("a"));
        assertTrue(badCount.getMessage().contains("claims 1000000 entries"), badCount.getMessage());
    }

    @Test
    void theVerifierFindsKeysOutOfOrder() {
        PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
        for (long key = 0; key < 1_000; key++) {
            map.putLong(key, key);
        }
        assertSame(0, TreeVerifier.verify(heap, map.handle()).problems().size());
        // the first entry of the first leaf: find it through the tree's root and first child
        long root = heap.segment().get(LittleEndian.LONG, map.handle() + 16);
        long leaf = heap.segment().get(LittleEndian.LONG, root + 16);
        heap.segment().set(LittleEndian.LONG, leaf + 24, 5_000L);
        List<String> problems = TreeVerifier.verify(heap, map.handle()).problems();
        assertFalse(problems.isEmpty());
        assertTrue(problems.getFirst().contains("key 1 is not above key 0"), problems.toString());
    }

    @Test
    void ownedStructValuesRefuseSetValueSayingHowToChangeThem() {
        PersistentSortedMap<String, Counter> map = PersistentSortedMap.create(heap, KeyType.STRING, ValueType.struct(Counter.class));
        map.getOrCreate("a").value(1);
        Map.Entry<String, Counter> entry = map.entrySet().iterator().next();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> entry.setValue(entry.getValue()));
        assertTrue(e.getMessage().contains("owns its struct values (test.Counter"), e.getMessage());
        assertTrue(e.getMessage().contains("use getOrCreate(key) and write the record's fields"), e.getMessage());
        assertEquals(1, map.get("a").value(), "the record is untouched");
    }

    @Test
    void spliteratorsReportWhatHoldsOfEachView() {
        PersistentSortedMap<Long, Counter> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.reference(Counter.class));
        for (long key = 0; key < 10; key++) {
            map.put(key, null);
        }
        int sortedSet = Spliterator.ORDERED | Spliterator.SORTED | Spliterator.DISTINCT | Spliterator.NONNULL | Spliterator.SIZED;
        Spliterator<Long> keys = map.keySet().spliterator();
        assertEquals(sortedSet, keys.characteristics() & sortedSet, "keys of the whole map");
        assertNull(keys.getComparator(), "natural order");
        assertEquals(10, keys.getExactSizeIfKnown());
        Spliterator<Map.Entry<Long, Counter>> entries = map.entrySet().spliterator();
        assertEquals(sortedSet, entries.characteristics() & sortedSet, "entries of the whole map");
        assertTrue(entries.getComparator().compare(new AbstractMap.SimpleEntry<>(2L, null), new AbstractMap.SimpleEntry<>(1L, null)) > 0,
                "entries sort by key");
        Spliterator<Long> range = map.subMap(2L, 5L).keySet().spliterator();
        assertFalse(range.hasCharacteristics(Spliterator.SIZED), "a range's size is not known without walking it");
        assertTrue(range.hasCharacteristics(Spliterator.SORTED));
        assertFalse(map.descendingKeySet().spliterator().hasCharacteristics(Spliterator.SORTED), "not in ascending order");
        Spliterator<Counter> values = map.values().spliterator();
        assertFalse(values.hasCharacteristics(Spliterator.NONNULL), "reference values may be null");
        assertTrue(values.hasCharacteristics(Spliterator.ORDERED));
        assertEquals(List.of(4L, 3L, 2L), map.headMap(5L).descendingKeySet().stream().limit(3).toList());
        assertEquals(3, map.subMap(2L, 5L).values().stream().count());
    }

    @Test
    void rangeViewsRefuseKeysOutsideTheirRange() {
        PersistentSortedMap<Long, Long> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
        var range = map.subMap(10L, true, 20L, false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> range.put(20L, 1L));
        assertEquals("key 20 is outside the range of this view: [10, 20)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> range.subMap(5L, 15L));
        assertNull(range.get(25L));
        assertTrue(map.isEmpty(), "nothing was inserted");
    }
}
