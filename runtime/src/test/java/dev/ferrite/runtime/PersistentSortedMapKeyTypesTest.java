package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.collection.BPlusTree;
import dev.ferrite.runtime.collection.KeyFormat;
import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.StringKeys;
import dev.ferrite.runtime.collection.TestBlockHeap;
import dev.ferrite.runtime.collection.TreeCursor;
import dev.ferrite.runtime.collection.TreeVerifier;
import dev.ferrite.runtime.struct.LittleEndian;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The key types beyond long and String, and the double and string values, against a {@link
 * TreeMap} with the same order: random operations give the same answers and iteration order, the
 * tree stays sound, every written byte is marked, and the map's blocks are exactly the live ones
 * (so a replaced or removed string value that was not freed shows up as a leaked block).
 */
class PersistentSortedMapKeyTypesTest {

    /** Constants whose ordinal order differs from their name order. */
    enum Planet { MERCURY, VENUS, EARTH, MARS, JUPITER, SATURN, URANUS, NEPTUNE }

    private static final int[] INTS = {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -65_536, -129, -128, -1, 0, 1, 127,
        128, 255, 256, 65_535, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};

    private static final UUID[] UUIDS = {new UUID(0, 0), new UUID(0, 1), new UUID(0, -1), new UUID(0, Long.MIN_VALUE),
        new UUID(0, Long.MAX_VALUE), new UUID(-1, -1), new UUID(-1, 0), new UUID(Long.MIN_VALUE, 0),
        new UUID(Long.MIN_VALUE, Long.MAX_VALUE), new UUID(Long.MAX_VALUE, Long.MIN_VALUE), new UUID(1, 0),
        new UUID(0x8000_0000_0000_0001L, 5), UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"),
        UUID.fromString("7fffffff-ffff-ffff-ffff-ffffffffffff"), UUID.fromString("80000000-0000-0000-0000-000000000000")};

    @Test
    void intKeysWithStringValues() {
        Random random = new Random(14);
        run(KeyType.INT, r -> r.nextInt(5) == 0 ? INTS[r.nextInt(INTS.length)] : r.nextInt(30_000) - 15_000,
                ValueType.STRING, PersistentSortedMapKeyTypesTest::randomString, random);
    }

    @Test
    void uuidKeysWithDoubleValues() {
        Random random = new Random(15);
        List<UUID> pool = new ArrayList<>(List.of(UUIDS));
        for (int i = 0; i < 9_000; i++) {
            pool.add(new UUID(random.nextInt(4) == 0 ? random.nextInt(3) - 1 : random.nextLong(), random.nextLong()));
        }
        run(KeyType.UUID, r -> pool.get(r.nextInt(pool.size())), ValueType.DOUBLE,
                PersistentSortedMapKeyTypesTest::randomDouble, random);
    }

    @Test
    void byteArrayKeysWithStringValues() {
        Random random = new Random(16);
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < 9_000; i++) {
            pool.add(randomBytes(random));
        }
        run(KeyType.BYTES, r -> pool.get(r.nextInt(pool.size())).clone(), ValueType.STRING,
                PersistentSortedMapKeyTypesTest::randomString, random);
    }

    @Test
    void enumKeysWithDoubleValues() {
        Random random = new Random(17);
        Planet[] planets = Planet.values();
        run(KeyType.enumType(Planet.class), r -> planets[r.nextInt(planets.length)], ValueType.DOUBLE,
                PersistentSortedMapKeyTypesTest::randomDouble, random);
    }

    @Test
    void stringKeysWithStringValues() {
        Random random = new Random(18);
        run(KeyType.STRING, StringKeys::random, ValueType.STRING, PersistentSortedMapKeyTypesTest::randomString, random);
    }

    @Test
    void edgeKeysIterateInTheOrderOfATreeMap() {
        assertOrder(KeyType.INT, boxed(INTS));
        assertOrder(KeyType.UUID, List.of(UUIDS));
        List<byte[]> bytes = new ArrayList<>();
        bytes.add(new byte[0]);
        for (int length : new int[] {1, 2, 11, 12, 13, 19, 20, 21, 24, 40}) {
            for (int b : new int[] {0x00, 0x01, 0x7f, 0x80, 0x81, 0xfe, 0xff}) {
                byte[] key = new byte[length];
                java.util.Arrays.fill(key, (byte) 0x80);
                key[length - 1] = (byte) b;
                bytes.add(key);
            }
        }
        assertOrder(KeyType.BYTES, bytes);
        assertOrder(KeyType.enumType(Planet.class), List.of(Planet.values()));
    }

    /** The facts the orders rest on, stated once without a TreeMap in between. */
    @Test
    void theOrdersAreSignedNumbersSignedUuidHalvesUnsignedBytesAndOrdinals() {
        try (TestBlockHeap heap = new TestBlockHeap(8L << 20)) {
            PersistentSortedMap<Integer, Long> ints = PersistentSortedMap.create(heap, KeyType.INT, ValueType.LONG);
            for (int key : new int[] {1, -1, Integer.MIN_VALUE, 0}) {
                ints.putLong(key, key);
            }
            assertEquals(List.of(Integer.MIN_VALUE, -1, 0, 1), keys(ints));

            PersistentSortedMap<UUID, Long> uuids = PersistentSortedMap.create(heap, KeyType.UUID, ValueType.LONG);
            UUID high = UUID.fromString("80000000-0000-0000-0000-000000000000");
            UUID low = UUID.fromString("00000000-0000-0000-0000-000000000001");
            UUID lowHighLeast = UUID.fromString("00000000-0000-0000-8000-000000000000");
            uuids.putLong(low, 1);
            uuids.putLong(high, 2);
            uuids.putLong(lowHighLeast, 3);
            assertEquals(List.of(high, lowHighLeast, low), keys(uuids));

            PersistentSortedMap<byte[], Long> bytes = PersistentSortedMap.create(heap, KeyType.BYTES, ValueType.LONG);
            bytes.putLong(new byte[] {(byte) 0x80}, 1);
            bytes.putLong(new byte[] {0x7f, 0}, 2);
            bytes.putLong(new byte[] {0x7f}, 3);
            bytes.putLong(new byte[0], 4);
            List<Long> values = new ArrayList<>();
            values.addAll(bytes.values());
            assertEquals(List.of(4L, 3L, 2L, 1L), values);

            PersistentSortedMap<Planet, Long> planets =
                    PersistentSortedMap.create(heap, KeyType.enumType(Planet.class), ValueType.LONG);
            planets.putLong(Planet.MARS, 4);
            planets.putLong(Planet.EARTH, 3);
            planets.putLong(Planet.VENUS, 2);
            assertEquals(List.of(Planet.VENUS, Planet.EARTH, Planet.MARS), keys(planets));
        }
    }

    @Test
    void byteArrayKeysAreCopiedInAndOut() {
        try (TestBlockHeap heap = new TestBlockHeap(8L << 20)) {
            PersistentSortedMap<byte[], Long> map = PersistentSortedMap.create(heap, KeyType.BYTES, ValueType.LONG);
            byte[] key = "a key longer than twenty bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            map.putLong(key, 1);
            key[0] = 'z';
            assertEquals(-1, map.getLong(key, -1), "changing the caller's array changes nothing in the map");
            byte[] stored = map.firstKey();
            assertEquals('a', stored[0]);
            stored[0] = 'q';
            assertEquals('a', map.firstKey()[0], "changing a returned array changes nothing in the map");
            key[0] = 'a';
            assertEquals(1, map.getLong(key, -1), "found by content, not identity");
            assertArrayEquals(key, map.firstKey());
            assertNotSame(map.firstKey(), map.firstKey());
        }
    }

    @Test
    void stringValuesAreOwnedAndNullIsAllowed() {
        try (TestBlockHeap heap = new TestBlockHeap(8L << 20)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.STRING);
            assertNull(map.put(1L, "first"));
            int blocks = heap.liveBlocks().size();
            assertEquals(2, blocks, "the header and a leaf, which keeps a short string beside its key");
            assertEquals("first", map.put(1L, "second"), "put returns the replaced string");
            assertEquals("second", map.put(1L, null));
            assertEquals(blocks, heap.liveBlocks().size(), "a null value takes no block");
            assertNull(map.get(1L));
            assertTrue(map.containsKey(1L), "a null value is an entry");
            map.put(2L, incompressible(5_000, 1));
            assertEquals(blocks + 1, heap.liveBlocks().size(), "a string longer than a leaf keeps gets a block");
            assertEquals(incompressible(5_000, 1), map.put(2L, incompressible(5_000, 2)), "put returns the replaced long string");
            assertEquals(blocks + 1, heap.liveBlocks().size(), "the replaced long string is freed");
            map.put(3L, "");
            assertEquals("", map.get(3L));
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
            assertEquals(incompressible(5_000, 2), map.remove(2L), "remove returns the string before freeing it");
            assertEquals(blocks, heap.liveBlocks().size(), "remove frees a long string");
            map.clear();
            assertEquals(Map.of(map.handle(), (long) NodeFormat.HEADER_SIZE), heap.liveBlocks(),
                    "remove and clear free the strings");
        }
    }

    @Test
    void primitiveDoublePathsStoreEveryBitPattern() {
        try (TestBlockHeap heap = new TestBlockHeap(8L << 20)) {
            PersistentSortedMap<Integer, Double> map = PersistentSortedMap.create(heap, KeyType.INT, ValueType.DOUBLE);
            double nan = Double.longBitsToDouble(0x7ff8_0000_dead_beefL);
            map.putDouble(1, -0.0);
            map.putDouble(2, nan);
            assertEquals(0x8000_0000_0000_0000L, Double.doubleToRawLongBits(map.getDouble(1, 5)));
            assertEquals(0x7ff8_0000_dead_beefL, Double.doubleToRawLongBits(map.getDouble(2, 5)));
            assertEquals(5.0, map.getDouble(3, 5));
            assertEquals(nan, map.put(2, 1.5));
            assertEquals(1.5, map.get(2));
            assertThrows(NullPointerException.class, () -> map.put(4, null));
            assertThrows(UnsupportedOperationException.class, () -> map.getLong(1, 0));
            PersistentSortedMap<Integer, Long> longs = PersistentSortedMap.create(heap, KeyType.INT, ValueType.LONG);
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> longs.putDouble(1, 2));
            assertTrue(e.getMessage().contains("putDouble needs a map of double values"), e.getMessage());
        }
    }

    @Test
    void openingWithOtherKeyOrValueTypesNamesBoth() {
        try (TestBlockHeap heap = new TestBlockHeap(8L << 20)) {
            long handle = PersistentSortedMap.create(heap, KeyType.UUID, ValueType.STRING).handle();
            IllegalArgumentException keys = assertThrows(IllegalArgumentException.class,
                    () -> PersistentSortedMap.open(heap, handle, KeyType.BYTES, ValueType.STRING));
            assertEquals("the sorted map at handle " + handle + " holds UUID keys and string values, not byte[] keys"
                    + " and string values", keys.getMessage());
            IllegalArgumentException values = assertThrows(IllegalArgumentException.class,
                    () -> PersistentSortedMap.open(heap, handle, KeyType.UUID, ValueType.DOUBLE));
            assertTrue(values.getMessage().contains("holds UUID keys and string values, not UUID keys and double values"),
                    values.getMessage());
            long ints = PersistentSortedMap.create(heap, KeyType.INT, ValueType.LONG).handle();
            IllegalArgumentException enums = assertThrows(IllegalArgumentException.class,
                    () -> PersistentSortedMap.open(heap, ints, KeyType.enumType(Planet.class), ValueType.LONG));
            assertTrue(enums.getMessage().contains("holds int keys and long values, not enum "
                    + Planet.class.getName() + " keys"), enums.getMessage());
            assertThrows(ClassCastException.class, () -> {
                @SuppressWarnings({"unchecked", "rawtypes"})
                PersistentSortedMap<Object, Long> raw = (PersistentSortedMap) PersistentSortedMap.open(
                        heap, ints, KeyType.INT, ValueType.LONG);
                raw.putLong(1L, 1);
            }, "a Long is no int key");
        }
    }

    @Test
    void theVerifierFindsAStringValueThatIsNoneAndAnOrdinalBeyondTheRecordedConstants() {
        try (TestBlockHeap heap = new TestBlockHeap(8L << 20)) {
            PersistentSortedMap<Planet, String> map =
                    PersistentSortedMap.create(heap, KeyType.enumType(Planet.class), ValueType.STRING);
            map.put(Planet.EARTH, incompressible(2_000, 3)); // longer than a leaf keeps: a heap string
            map.put(Planet.MARS, "red");
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
            TreeCursor cursor = new TreeCursor(BPlusTree.open(heap, map.handle()));
            cursor.first();
            long payload = cursor.payloadAddress();
            long reference = (payload & -NodeFormat.NODE_SIZE)
                    + Short.toUnsignedInt(heap.segment().get(LittleEndian.SHORT, payload));
            long string = heap.segment().get(LittleEndian.LONG, reference);
            heap.segment().set(LittleEndian.LONG, reference, map.handle());
            List<String> problems = TreeVerifier.verify(heap, map.handle()).problems();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.getFirst().endsWith("entry 0: no string at " + map.handle()), problems.toString());
            heap.segment().set(LittleEndian.LONG, reference, string);
            heap.segment().set(LittleEndian.INT, payload - 4, 8);
            problems = TreeVerifier.verify(heap, map.handle()).problems();
            assertTrue(problems.stream().anyMatch(p -> p.endsWith("holds ordinal 8, outside the 8 recorded enum constants")),
                    problems.toString());
        }
    }

    @Test
    void enumKeyTypesOfOneEnumAreEqual() {
        assertEquals(KeyType.enumType(Planet.class), KeyType.enumType(Planet.class));
        assertEquals(KeyType.enumType(Planet.class).hashCode(), KeyType.enumType(Planet.class).hashCode());
        assertFalse(KeyType.enumType(Planet.class).equals(KeyType.enumType(java.time.DayOfWeek.class)));
        assertFalse(KeyType.INT.equals(KeyType.LONG));
        assertThrows(IllegalArgumentException.class, () -> KeyType.enumType(notAnEnum()));
    }

    /** {@code length} letters and digits drawn at random, which no compression shortens. */
    private static String incompressible(int length, long seed) {
        Random random = new Random(seed);
        StringBuilder value = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            value.append(Character.forDigit(random.nextInt(36), 36));
        }
        return value.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Class<Planet> notAnEnum() {
        return (Class) String.class;
    }

    private static void assertNotSame(Object a, Object b) {
        assertFalse(a == b, "a new array each time");
    }

    private static List<Integer> boxed(int[] values) {
        List<Integer> list = new ArrayList<>();
        for (int value : values) {
            list.add(value);
        }
        return list;
    }

    private static <K> List<K> keys(PersistentSortedMap<K, ?> map) {
        List<K> keys = new ArrayList<>();
        map.keySet().forEach(keys::add);
        return keys;
    }

    private static <K> void assertOrder(KeyType<K> type, List<K> keys) {
        List<K> shuffled = new ArrayList<>(keys);
        Collections.shuffle(shuffled, new Random(keys.size()));
        try (TestBlockHeap heap = new TestBlockHeap(8L << 20)) {
            PersistentSortedMap<K, Long> map = PersistentSortedMap.create(heap, type, ValueType.LONG);
            TreeMap<K, Long> expected = new TreeMap<>(type.order());
            long i = 0;
            for (K key : shuffled) {
                map.putLong(key, i);
                expected.put(key, i++);
            }
            assertSameEntries(type.order(), new ArrayList<>(expected.entrySet()), entries(map), type + " order");
            for (K key : keys) {
                assertEquals(expected.get(key), map.get(key));
                assertSameKey(type.order(), expected.higherKey(key), map.higherKey(key), "higher");
                assertSameKey(type.order(), expected.lowerKey(key), map.lowerKey(key), "lower");
            }
        }
    }

    // ---- the differential harness

    private static <K, V> void run(KeyType<K> keys, Function<Random, K> keyOf, ValueType<V> values,
            Function<Random, V> valueOf, Random random) {
        try (TestBlockHeap heap = new TestBlockHeap(256L << 20)) {
            PersistentSortedMap<K, V> map = PersistentSortedMap.create(heap, keys, values);
            TreeMap<K, V> expected = new TreeMap<>(keys.order());
            phase(map, expected, keyOf, valueOf, random, heap, 10_000, 75);
            phase(map, expected, keyOf, valueOf, random, heap, 10_000, 20);
            phase(map, expected, keyOf, valueOf, random, heap, 6_000, 60);
            for (K key : new ArrayList<>(expected.keySet())) {
                assertTrue(map.containsKey(key), () -> "remove " + key);
                map.remove(key);
            }
            expected.clear();
            check(map, expected, heap);
            Set<Long> left = new HashSet<>(heap.liveBlocks().keySet());
            left.remove(map.handle());
            assertEquals(keys.code() == KeyFormat.ENUM ? 1 : 0, left.size(),
                    "only the header (and an enum map's constant names) is left: " + left);
            map.put(keyOf.apply(random), valueOf.apply(random));
            map.clear();
            map.free();
            assertEquals(Map.of(), heap.liveBlocks(), "free returns every block");
        }
    }

    private static <K, V> void phase(PersistentSortedMap<K, V> map, TreeMap<K, V> expected, Function<Random, K> keyOf,
            Function<Random, V> valueOf, Random random, TestBlockHeap heap, int operations, int insertPercent) {
        Comparator<? super K> order = expected.comparator();
        byte[] before = heap.resetDirty();
        for (int i = 0; i < operations; i++) {
            K key = keyOf.apply(random);
            int dice = random.nextInt(100);
            if (dice < insertPercent) {
                V value = valueOf.apply(random);
                if (value instanceof Double d && random.nextBoolean()) {
                    map.putDouble(key, d);
                    expected.put(key, value);
                } else {
                    assertEquals(expected.put(key, value), map.put(key, value), "put");
                }
            } else if (dice < 90) {
                assertEquals(expected.remove(key), map.remove(key), () -> "remove " + show(key));
            } else if (dice < 95) {
                assertEquals(expected.get(key), map.get(key), "get");
                assertEquals(expected.containsKey(key), map.containsKey(key), "containsKey");
            } else if (dice < 98) {
                assertSameKey(order, expected.ceilingKey(key), map.ceilingKey(key), "ceiling");
                assertSameKey(order, expected.higherKey(key), map.higherKey(key), "higher");
                assertSameKey(order, expected.floorKey(key), map.floorKey(key), "floor");
                assertSameKey(order, expected.lowerKey(key), map.lowerKey(key), "lower");
            } else {
                scan(map, expected, key, keyOf.apply(random), random);
            }
            assertEquals(expected.size(), map.size(), "size");
        }
        assertEquals(-1, heap.firstUnmarkedWrite(before), "a byte was written without being marked dirty");
        check(map, expected, heap);
    }

    private static <K, V> void scan(PersistentSortedMap<K, V> map, TreeMap<K, V> expected, K a, K b, Random random) {
        Comparator<? super K> order = expected.comparator();
        K low = order.compare(a, b) <= 0 ? a : b;
        K high = low == a ? b : a;
        boolean lowInclusive = random.nextBoolean();
        boolean highInclusive = random.nextBoolean();
        NavigableMap<K, V> range = expected.subMap(low, lowInclusive, high, highInclusive);
        boolean descending = random.nextBoolean();
        Iterator<Map.Entry<K, V>> actual = descending
                ? map.subMap(low, lowInclusive, high, highInclusive).descendingMap().entrySet().iterator()
                : map.subMap(low, lowInclusive, high, highInclusive).entrySet().iterator();
        List<Map.Entry<K, V>> got = new ArrayList<>();
        actual.forEachRemaining(got::add);
        assertSameEntries(order, new ArrayList<>((descending ? range.descendingMap() : range).entrySet()), got, "range");
    }

    private static <K, V> void check(PersistentSortedMap<K, V> map, TreeMap<K, V> expected, TestBlockHeap heap) {
        TreeVerifier.Report report = TreeVerifier.verify(heap, map.handle());
        assertEquals(List.of(), report.problems());
        assertEquals(expected.size(), report.entries());
        assertSameEntries(expected.comparator(), new ArrayList<>(expected.entrySet()), entries(map), "iteration");
        List<Map.Entry<K, V>> reversed = new ArrayList<>();
        map.descendingMap().entrySet().forEach(reversed::add);
        assertSameEntries(expected.comparator(), new ArrayList<>(expected.descendingMap().entrySet()), reversed,
                "descending iteration");
        assertEquals(report.blocks(), heap.liveBlocks().keySet(), "the map's blocks are exactly the live ones");
    }

    private static <K, V> List<Map.Entry<K, V>> entries(PersistentSortedMap<K, V> map) {
        List<Map.Entry<K, V>> all = new ArrayList<>();
        map.entrySet().forEach(all::add);
        return all;
    }

    private static <K, V> void assertSameEntries(Comparator<? super K> order, List<Map.Entry<K, V>> expected,
            List<Map.Entry<K, V>> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": entries");
        for (int i = 0; i < expected.size(); i++) {
            assertSameKey(order, expected.get(i).getKey(), actual.get(i).getKey(), what + " at " + i);
            assertEquals(expected.get(i).getValue(), actual.get(i).getValue(), what + " at " + i);
        }
    }

    private static <K> void assertSameKey(Comparator<? super K> order, K expected, K actual, String what) {
        assertTrue(expected == null ? actual == null : actual != null && order.compare(expected, actual) == 0,
                () -> what + ": expected " + show(expected) + ", got " + show(actual));
    }

    private static String show(Object key) {
        return key instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : Objects.toString(key);
    }

    static String randomString(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> "value " + random.nextInt(1_000);
            case 3 -> StringKeys.random(random);
            default -> "long value ".repeat(1 + random.nextInt(40));
        };
    }

    static Double randomDouble(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> Double.NaN;
            case 1 -> -0.0;
            case 2 -> Double.NEGATIVE_INFINITY;
            default -> random.nextGaussian() * 1e6;
        };
    }

    static byte[] randomBytes(Random random) {
        int shape = random.nextInt(6);
        int length = switch (shape) {
            case 0 -> random.nextInt(3);
            case 1 -> 10 + random.nextInt(14);
            case 2 -> 30 + random.nextInt(40);
            default -> 1 + random.nextInt(8);
        };
        byte[] key = new byte[length];
        random.nextBytes(key);
        if (shape == 1 || shape == 2) {
            for (int i = 0; i < Math.min(length, 12 + random.nextInt(10)); i++) {
                key[i] = (byte) (0x80 | i); // long shared prefixes of high bytes
            }
        }
        return key;
    }
}
