package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.collection.StringKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new key and value types on a real heap file: random changes, each round committed or rolled
 * back, the heap closed and reopened every few rounds; the collections always equal a {@link
 * TreeMap} or {@link ArrayList} of what was committed, and the whole heap verifies clean after
 * every round (so a string value that was replaced, removed or cleared without being freed shows
 * up as a leaked block). The heap checks every commit's pages against the kernel's page map.
 */
class CollectionTypesHeapTest {
    private static final HeapOptions CHECKED = HeapOptions.builder().capacity(64L << 20).checkDirtyMarks(true).build();

    enum Planet { MERCURY, VENUS, EARTH, MARS, JUPITER, SATURN, URANUS, NEPTUNE }

    /** {@link Planet} in an earlier version: a prefix of its constants. */
    enum InnerPlanet { MERCURY, VENUS, EARTH, MARS }

    /** {@link InnerPlanet} with two constants swapped. */
    enum SwappedPlanet { MERCURY, EARTH, VENUS, MARS }

    /** {@link InnerPlanet} with a constant removed. */
    enum ShrunkPlanet { MERCURY, EARTH, MARS }

    @TempDir
    Path directory;

    @Test
    void intKeysAndStringValues() {
        map(KeyType.INT, r -> r.nextInt(4_000) - 2_000, ValueType.STRING, CollectionTypesHeapTest::string, 1);
    }

    @Test
    void uuidKeysAndStringValues() {
        map(KeyType.UUID, r -> new UUID(r.nextInt(3) - 1 + ((long) r.nextInt(3) << 63), r.nextInt(3_000)),
                ValueType.STRING, CollectionTypesHeapTest::string, 2);
    }

    @Test
    void byteArrayKeysAndDoubleValues() {
        map(KeyType.BYTES, CollectionTypesHeapTest::bytes, ValueType.DOUBLE, r -> r.nextInt(9) == 0 ? Double.NaN : r.nextGaussian(), 3);
    }

    @Test
    void enumKeysAndStringValues() {
        Planet[] planets = Planet.values();
        map(KeyType.enumType(Planet.class), r -> planets[r.nextInt(planets.length)], ValueType.STRING,
                CollectionTypesHeapTest::string, 4);
    }

    @Test
    void stringKeysAndStringValues() {
        map(KeyType.STRING, StringKeys::random, ValueType.STRING, CollectionTypesHeapTest::string, 5);
    }

    @Test
    void stringElements() {
        list(ValueType.STRING, CollectionTypesHeapTest::string, 6);
    }

    @Test
    void doubleElements() {
        list(ValueType.DOUBLE, r -> r.nextInt(9) == 0 ? -0.0 : r.nextGaussian(), 7);
    }

    @Test
    void replacingRemovingAndClearingStringValuesFreesTheirBlocks() {
        try (Heap heap = Heap.open(directory.resolve("strings.heap"), CHECKED)) {
            PersistentSortedMap<Integer, String> map = PersistentSortedMap.root(heap, "m", KeyType.INT, ValueType.STRING);
            PersistentList<String> list = PersistentList.root(heap, "l", ValueType.STRING);
            map.put(0, "x");
            list.add("x");
            heap.commit();
            long blocks = heap.info().allocatedBlocks();
            for (int i = 0; i < 500; i++) {
                map.put(0, "value " + i);
                list.set(0, "value " + i);
            }
            assertEquals(blocks, heap.info().allocatedBlocks(), "replaced strings are freed");
            for (int i = 1; i <= 500; i++) {
                map.put(i, "value " + i);
                list.add("value " + i);
            }
            for (int i = 1; i <= 250; i++) {
                map.remove(i);
                list.removeLast();
            }
            map.clear();
            list.clear();
            assertEquals(List.of(), heap.verify());
            map.put(0, "x");
            list.add("x");
            heap.commit();
            assertEquals(blocks, heap.info().allocatedBlocks(), "removed and cleared strings are freed");
        }
    }

    @Test
    void enumConstantsMayBeAppendedButNotMovedOrRemoved() {
        Path file = directory.resolve("enums.heap");
        try (Heap heap = Heap.open(file, CHECKED)) {
            PersistentSortedMap<InnerPlanet, Long> map =
                    PersistentSortedMap.root(heap, "planets", KeyType.enumType(InnerPlanet.class), ValueType.LONG);
            map.putLong(InnerPlanet.MARS, 4);
            map.putLong(InnerPlanet.MERCURY, 1);
            heap.commit();
        }
        try (Heap heap = Heap.open(file, CHECKED)) {
            PersistentSortedMap<Planet, Long> map =
                    PersistentSortedMap.root(heap, "planets", KeyType.enumType(Planet.class), ValueType.LONG);
            assertEquals(List.of(Planet.MERCURY, Planet.MARS), keys(map), "appended constants keep the old keys");
            map.putLong(Planet.NEPTUNE, 8);
            map.putLong(Planet.EARTH, 3);
            heap.commit();
            assertEquals(List.of(Planet.MERCURY, Planet.EARTH, Planet.MARS, Planet.NEPTUNE), keys(map));
            assertEquals(List.of(), heap.verify(), "the constant names written again, the old ones freed");
        }
        try (Heap heap = Heap.open(file, CHECKED)) {
            IllegalArgumentException older = assertThrows(IllegalArgumentException.class, () -> PersistentSortedMap.root(
                    heap, "planets", KeyType.enumType(InnerPlanet.class), ValueType.LONG));
            assertTrue(older.getMessage().startsWith("root \"planets\": the sorted map at handle"), older.getMessage());
            assertTrue(older.getMessage().contains("[MERCURY, VENUS, EARTH, MARS, JUPITER, SATURN, URANUS, NEPTUNE], but "
                    + InnerPlanet.class.getName() + " now has [MERCURY, VENUS, EARTH, MARS]"), older.getMessage());
        }
        Path second = directory.resolve("enums2.heap");
        try (Heap heap = Heap.open(second, CHECKED)) {
            PersistentSortedMap.root(heap, "planets", KeyType.enumType(InnerPlanet.class), ValueType.LONG)
                    .putLong(InnerPlanet.VENUS, 2);
            heap.commit();
            for (KeyType<?> changed : List.of(KeyType.enumType(SwappedPlanet.class), KeyType.enumType(ShrunkPlanet.class))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> PersistentSortedMap.root(heap, "planets", changed, ValueType.LONG));
                assertTrue(e.getMessage().contains("constants may be appended, never removed, renamed or reordered"),
                        e.getMessage());
            }
        }
    }

    // ---- harnesses

    private <K, V> void map(KeyType<K> keys, Function<Random, K> keyOf, ValueType<V> values, Function<Random, V> valueOf,
            long seed) {
        Random random = new Random(seed);
        Path file = directory.resolve("map.heap");
        Comparator<? super K> order = keys.order();
        TreeMap<K, V> committed = new TreeMap<>(order);
        Heap heap = Heap.open(file, CHECKED);
        try {
            for (int round = 0; round < 14; round++) {
                if (round % 4 == 3) {
                    heap.close();
                    heap = Heap.open(file, CHECKED);
                }
                PersistentSortedMap<K, V> map = PersistentSortedMap.root(heap, "m", keys, values);
                assertSame(order, committed, map, "round " + round + " start");
                TreeMap<K, V> expected = new TreeMap<>(committed);
                for (int i = 0; i < 700; i++) {
                    K key = keyOf.apply(random);
                    int dice = random.nextInt(100);
                    if (dice < 60) {
                        V value = valueOf.apply(random);
                        assertEquals(expected.put(key, value), map.put(key, value));
                    } else if (dice < 95) {
                        assertEquals(expected.remove(key), map.remove(key));
                    } else if (dice == 99 && round % 5 == 2) {
                        expected.clear();
                        map.clear();
                    } else {
                        assertEquals(expected.get(key), map.get(key));
                    }
                }
                assertSame(order, expected, map, "round " + round);
                if (random.nextInt(3) > 0) {
                    heap.commit();
                    committed = expected;
                } else {
                    heap.rollback();
                }
                assertSame(order, committed, map, "round " + round + " end");
                assertEquals(List.of(), heap.verify(), "round " + round);
            }
        } finally {
            heap.close();
        }
    }

    private <E> void list(ValueType<E> elements, Function<Random, E> elementOf, long seed) {
        Random random = new Random(seed);
        Path file = directory.resolve("list.heap");
        List<E> committed = new ArrayList<>();
        Heap heap = Heap.open(file, CHECKED);
        try {
            for (int round = 0; round < 14; round++) {
                if (round % 4 == 3) {
                    heap.close();
                    heap = Heap.open(file, CHECKED);
                }
                PersistentList<E> list = PersistentList.root(heap, "l", elements);
                assertEquals(committed, elements(list), "round " + round + " start");
                List<E> expected = new ArrayList<>(committed);
                for (int i = 0; i < 1_500; i++) {
                    int dice = random.nextInt(100);
                    if (dice < 55) {
                        E element = elementOf.apply(random);
                        if (element instanceof Double d && random.nextBoolean()) {
                            list.addDouble(d);
                        } else {
                            list.add(element);
                        }
                        expected.add(element);
                    } else if (dice < 85) {
                        if (!expected.isEmpty()) {
                            assertEquals(expected.removeLast(), list.removeLast());
                        }
                    } else if (dice == 99 && round % 5 == 2) {
                        expected.clear();
                        list.clear();
                    } else if (!expected.isEmpty()) {
                        int index = random.nextInt(expected.size());
                        E element = elementOf.apply(random);
                        if (element instanceof Double d && random.nextBoolean()) {
                            assertEquals(expected.set(index, element), list.getDouble(index));
                            list.setDouble(index, d);
                        } else {
                            assertEquals(expected.set(index, element), list.set(index, element));
                        }
                    }
                }
                assertEquals(expected, elements(list), "round " + round);
                if (random.nextInt(3) > 0) {
                    heap.commit();
                    committed = expected;
                } else {
                    heap.rollback();
                }
                assertEquals(committed, elements(list), "round " + round + " end");
                assertEquals(List.of(), heap.verify(), "round " + round);
            }
        } finally {
            heap.close();
        }
    }

    private static <K, V> void assertSame(Comparator<? super K> order, TreeMap<K, V> expected, PersistentSortedMap<K, V> map,
            String what) {
        assertEquals(expected.size(), map.size(), what + ": size");
        List<Map.Entry<K, V>> wanted = new ArrayList<>(expected.entrySet());
        int i = 0;
        for (Map.Entry<K, V> entry : map.entrySet()) {
            assertEquals(0, order.compare(wanted.get(i).getKey(), entry.getKey()), what + ": key " + i);
            assertEquals(wanted.get(i).getValue(), entry.getValue(), what + ": value " + i);
            i++;
        }
    }

    private static <E> List<E> elements(PersistentList<E> list) {
        List<E> all = new ArrayList<>();
        list.forEach(all::add);
        return all;
    }

    private static <K> List<K> keys(PersistentSortedMap<K, ?> map) {
        List<K> keys = new ArrayList<>();
        map.keySet().forEach(keys::add);
        return keys;
    }

    private static String string(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> StringKeys.random(random);
            default -> "value " + random.nextInt(100_000);
        };
    }

    private static byte[] bytes(Random random) {
        byte[] key = new byte[random.nextInt(4) == 0 ? 20 + random.nextInt(10) : random.nextInt(4)];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i < 18 ? 0xF0 : random.nextInt(4) * 0x50);
        }
        if (key.length > 0) {
            key[key.length - 1] = (byte) random.nextInt(256);
        }
        return key;
    }
}
