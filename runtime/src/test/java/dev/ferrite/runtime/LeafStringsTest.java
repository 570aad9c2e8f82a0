package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.TestBlockHeap;
import dev.ferrite.runtime.collection.TreeRepacker;
import dev.ferrite.runtime.collection.TreeVerifier;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.struct.LittleEndian;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongFunction;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Maps of string values keep each string in the leaf beside its key, so that a map of short
 * strings takes little more than their bytes; a string longer than a leaf keeps goes to a heap
 * block of its own, which the map owns.
 */
class LeafStringsTest {
    private static final String LONG_KEY = "a key longer than a slot holds in line, number ";

    @Test
    void aMapOfHundredByteStringsTakesLittleMoreThanItsBytes() {
        try (TestBlockHeap heap = new TestBlockHeap(256L << 20)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.STRING);
            int entries = 100_000;
            for (long k = 0; k < entries; k++) {
                map.put(k, value(k, 100));
            }
            long blocks = heap.liveBlocks().values().stream().mapToLong(Long::longValue).sum();
            double ratio = (double) blocks / (entries * (8L + 100));
            // a heap block per string took 128 bytes per entry of 108: 1.19 before the nodes
            assertTrue(ratio < 1.07, "the map's blocks take " + ratio + " times its keys' and values' bytes");
            assertEquals(NodeFormat.HEADER_SIZE + leaves(heap) * NodeFormat.NODE_SIZE + branchBytes(heap), blocks,
                    "no block but the header and the nodes");
            for (long k = 0; k < entries; k += 997) {
                assertEquals(value(k, 100), map.get(k));
            }
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
        }
    }

    /**
     * Random puts of strings of every length around the limits (empty, null, short, a leaf's
     * most, longer), replacements that grow and shrink them, removals by key, by iterator and by
     * polling, checked against a {@link TreeMap}: the same entries, a sound tree, every write
     * marked, and the map owning exactly the live blocks.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void randomChangesKeepTheMapSoundWithLongKeys(int seed) {
        randomChanges(seed, KeyType.LONG, k -> k, 4_000, LeafStringsTest::randomValue, 60_000, 5_000);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5})
    void randomChangesKeepTheMapSoundWithStringKeys(int seed) {
        randomChanges(seed, KeyType.STRING, k -> (k % 5 == 0 ? LONG_KEY : "") + k, 4_000, LeafStringsTest::randomValue,
                60_000, 5_000);
    }

    /**
     * Strings that repeat within themselves are kept compressed: a map of 100-byte values made of
     * their key's digits and a filler, as the disk benchmark writes them, takes a third of their
     * bytes; a string of 20,000 bytes of a repeated pattern stays in the leaf.
     */
    @Test
    void stringsThatRepeatWithinThemselvesAreKeptCompressed() {
        try (TestBlockHeap heap = new TestBlockHeap(64L << 20)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.STRING);
            int entries = 50_000;
            for (long k = 0; k < entries; k++) {
                String digits = Long.toString(k);
                map.put(k, digits + "x".repeat(100 - digits.length()));
            }
            long blocks = heap.liveBlocks().values().stream().mapToLong(Long::longValue).sum();
            double ratio = (double) blocks / (entries * (8L + 100));
            assertTrue(ratio < 0.35, "the map's blocks take " + ratio + " times its keys' and values' bytes");
            String digits = "4321";
            assertEquals(digits + "x".repeat(96), map.get(4321L));
            String long20k = "0123456789abcdef".repeat(1_250);
            map.put(-1L, long20k);
            assertEquals(long20k, map.get(-1L));
            assertEquals(NodeFormat.HEADER_SIZE + leaves(heap) * NodeFormat.NODE_SIZE + branchBytes(heap),
                    heap.liveBlocks().values().stream().mapToLong(Long::longValue).sum(),
                    "no block but the header and the nodes: the long string compressed into its leaf");
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
            assertEquals(long20k, map.remove(-1L));
        }
    }

    /**
     * A replaced value that splits or merges leaves under an iterator: {@code setValue} and
     * {@code replaceAll} still visit every entry once, in order.
     */
    @Test
    void valuesReplacedWhileIteratingThatMoveEntriesBetweenLeavesAreEachVisitedOnce() {
        try (TestBlockHeap heap = new TestBlockHeap(64L << 20)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.STRING);
            for (long k = 0; k < 2_000; k++) {
                map.put(k, value(k, 100));
            }
            List<Long> visited = new ArrayList<>();
            for (Map.Entry<Long, String> entry : map.entrySet()) {
                visited.add(entry.getKey());
                assertEquals(value(entry.getKey(), 100), entry.setValue(value(entry.getKey(), 600)), "grows: splits");
            }
            assertEquals(LongStream.range(0, 2_000).boxed().toList(), visited);
            map.replaceAll((k, v) -> {
                assertEquals(value(k, 600), v);
                return k % 3 == 0 ? null : value(k, 20);
            });
            for (long k = 0; k < 2_000; k++) {
                assertEquals(k % 3 == 0 ? null : value(k, 20), map.get(k), "shrunk: merged");
            }
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
            visited.clear();
            Iterator<Map.Entry<Long, String>> descending = map.descendingMap().entrySet().iterator();
            while (descending.hasNext()) {
                Map.Entry<Long, String> entry = descending.next();
                visited.add(entry.getKey());
                entry.setValue(value(entry.getKey(), 900));
            }
            assertEquals(2_000, visited.size());
            assertEquals(1_999L, visited.getFirst());
        }
    }

    /**
     * A long value put and removed in turn, or grown and shrunk back, where it splits a leaf:
     * the removal does not merge the leaves back, else each turn would allocate, write and free
     * a node.
     */
    @Test
    void aLeafSplitByALongValueIsNotMergedBackWhenItGoes() {
        try (TestBlockHeap heap = new TestBlockHeap(16L << 20)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.STRING);
            for (long k = 0; k < 400; k += 2) {
                map.put(k, value(k, 100)); // ascending: full leaves of 36 entries, 4,032 bytes
            }
            for (long k = 74; k <= 86; k += 2) {
                map.remove(k); // the second leaf keeps 29 entries, above two thirds
            }
            long before = leaves(heap);
            map.put(101L, value(101, 1_000));
            long split = leaves(heap);
            assertEquals(before + 1, split, "a 1,000-byte value split the leaf");
            for (int turn = 0; turn < 10; turn++) {
                map.remove(101L);
                assertEquals(split, leaves(heap), "turn " + turn + ": removed, the leaves stay apart");
                map.put(101L, value(101, 1_000));
                assertEquals(split, leaves(heap), "turn " + turn + ": put back, no split");
                map.put(101L, value(101, 50));
                assertEquals(split, leaves(heap), "turn " + turn + ": shrunk, the leaves stay apart");
                map.put(101L, value(101, 1_000));
                assertEquals(split, leaves(heap), "turn " + turn + ": grown back, no split");
            }
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
        }
    }

    /**
     * Leaves of 1,000-byte values: a value shrunk by that much leaves a leaf below a third full
     * beside one that cannot be evened out with it without leaving one of them below a third; the
     * two become one.
     */
    @Test
    void leavesOfEntriesTooLargeToEvenOutAreMerged() {
        try (TestBlockHeap heap = new TestBlockHeap(16L << 20)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.STRING);
            for (long k = 0; k < 12; k++) {
                map.put(k, value(k, 1_000)); // three leaves of four 1,012-byte entries
            }
            map.remove(1L);
            map.remove(2L);
            map.put(4L, value(4, 288));
            map.put(5L, "");
            map.put(6L, ""); // the middle leaf holds 1,336 bytes, the first 2,024
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
            map.put(7L, "");
            map.remove(8L);
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
            assertEquals(value(0, 1_000), map.get(0L));
            assertEquals(9, map.size());
        }
    }

    /** Random changes to a map of 300 keys to mostly large values, checked after every 50. */
    @Test
    void randomChangesOfLargeValuesKeepEveryLeafWithinItsBounds() {
        randomChanges(14, KeyType.LONG, k -> k, 300, LeafStringsTest::largeValue, 20_000, 50);
    }

    @Test
    void replacingValuesWithShorterOnesMergesTheLeavesTheyEmpty() {
        try (TestBlockHeap heap = new TestBlockHeap(64L << 20)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.STRING);
            for (long k = 0; k < 5_000; k++) {
                map.put(k, value(k, 300));
            }
            long before = leaves(heap);
            for (long k = 0; k < 5_000; k++) {
                assertEquals(value(k, 300), map.put(k, k % 2 == 0 ? "" : null));
            }
            assertEquals(List.of(), TreeVerifier.verify(heap, map.handle()).problems());
            assertTrue(leaves(heap) * 10 < before, leaves(heap) + " leaves of " + before);
            for (long k = 0; k < 5_000; k++) {
                assertEquals(k % 2 == 0 ? "" : null, map.get(k));
            }
        }
    }

    @Test
    void repackingFillsLeavesOfStringsByTheirBytes() {
        try (TestBlockHeap heap = new TestBlockHeap(128L << 20)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.STRING);
            TreeMap<Long, String> expected = new TreeMap<>();
            SplittableRandom random = new SplittableRandom(9);
            for (int i = 0; i < 30_000; i++) {
                long k = random.nextLong(1_000_000);
                String value = random.nextInt(50) == 0 ? value(k, 1500) : value(k, random.nextInt(200));
                map.put(k, value);
                expected.put(k, value);
            }
            for (Long k : new ArrayList<>(expected.keySet())) {
                if (random.nextInt(10) < 7) {
                    assertEquals(expected.remove(k), map.remove(k));
                }
            }
            byte[] before = heap.resetDirty();
            assertTrue(TreeRepacker.repack(heap, map.handle()) > 0);
            assertEquals(-1, heap.firstUnmarkedWrite(before), "a byte was written without being marked dirty");
            TreeVerifier.Report report = TreeVerifier.verify(heap, map.handle());
            assertEquals(List.of(), report.problems());
            assertEquals(report.blocks(), heap.liveBlocks().keySet(), "the map owns every live block, and no other");
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(map.entrySet()));
            long used = 0;
            for (String value : expected.values()) {
                used += 8 + 4 + leafBytes(value);
            }
            double fill = (double) used / (leaves(heap) * (NodeFormat.NODE_SIZE - 24));
            assertTrue(fill > 0.95, "leaves " + fill + " full after repacking");
        }
    }

    @Test
    void theVerifierFindsValuesOutsideTheirLeafOrOverlapping() {
        try (TestBlockHeap heap = new TestBlockHeap(8L << 20)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.STRING);
            map.put(1L, "one");
            map.put(2L, "two");
            long leaf = leafBlocks(heap).getFirst();
            long firstPayload = leaf + 24 + 8;
            long secondPayload = leaf + 24 + 12 + 8;
            short offset = heap.segment().get(LittleEndian.SHORT, firstPayload);
            heap.segment().set(LittleEndian.SHORT, secondPayload, offset);
            List<String> problems = TreeVerifier.verify(heap, map.handle()).problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("two values overlap")), problems.toString());
            heap.segment().set(LittleEndian.SHORT, secondPayload, (short) 4094);
            problems = TreeVerifier.verify(heap, map.handle()).problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("entry 1: its 3 value bytes at offset 4094 are outside")),
                    problems.toString());
            heap.segment().set(LittleEndian.SHORT, secondPayload + 2, (short) 2000);
            problems = TreeVerifier.verify(heap, map.handle()).problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("length code 2000 is longer than a leaf keeps")),
                    problems.toString());
            CorruptHeapException thrown = assertThrows(
                    CorruptHeapException.class, () -> map.get(2L));
            assertTrue(thrown.getMessage().contains("length code 2000"), thrown.getMessage());
        }
    }

    /**
     * A compressed value whose coding was damaged on disk: the verifier names it, and reading it
     * throws {@link CorruptHeapException} naming its leaf, never a string made of what follows.
     */
    @Test
    void aDamagedCompressedValueIsReportedNotMisread() {
        try (TestBlockHeap heap = new TestBlockHeap(8L << 20)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.STRING);
            map.put(1L, "1" + "x".repeat(99));
            map.put(2L, "two");
            long leaf = leafBlocks(heap).getFirst();
            long payload = leaf + 24 + 8;
            int code = Short.toUnsignedInt(heap.segment().get(LittleEndian.SHORT, payload + 2));
            assertTrue((code & 0x8000) != 0, "kept compressed: length code " + Integer.toHexString(code));
            int offset = Short.toUnsignedInt(heap.segment().get(LittleEndian.SHORT, payload));
            heap.segment().set(LittleEndian.BYTE, leaf + offset, (byte) 0x7F); // claims a length of 127, not 100
            List<String> problems = TreeVerifier.verify(heap, map.handle()).problems();
            assertTrue(problems.stream().anyMatch(p -> p.contains("entry 0: its compressed value of " + (code & 0x7FFF)
                    + " bytes is damaged")), problems.toString());
            CorruptHeapException thrown = assertThrows(
                    CorruptHeapException.class, () -> map.get(1L));
            assertTrue(thrown.getMessage().contains("sorted map leaf at offset " + leaf), thrown.getMessage());
            assertEquals("two", map.get(2L), "the other values read on");
        }
    }

    /** What {@link #randomChanges} puts: a value drawn with {@code random} for step {@code step}. */
    private interface Values {
        String draw(SplittableRandom random, int step);
    }

    /**
     * {@code steps} random changes of the map of {@code keyRange} keys, checked against a {@link
     * TreeMap} after every {@code checkEvery}: the same entries, a sound tree, every write marked,
     * and the map owning exactly the live blocks.
     */
    private static <K> void randomChanges(int seed, KeyType<K> keys, LongFunction<K> keyOf, int keyRange, Values values,
            int steps, int checkEvery) {
        try (TestBlockHeap heap = new TestBlockHeap(256L << 20)) {
            PersistentSortedMap<K, String> map = PersistentSortedMap.create(heap, keys, ValueType.STRING);
            TreeMap<K, String> expected = new TreeMap<>(keys.order());
            SplittableRandom random = new SplittableRandom(seed);
            byte[] before = heap.resetDirty();
            for (int step = 0; step < steps; step++) {
                K key = keyOf.apply(random.nextLong(keyRange));
                int op = random.nextInt(100);
                String where = "seed " + seed + ", step " + step;
                if (op < 55) {
                    String value = values.draw(random, step);
                    assertEquals(expected.put(key, value), map.put(key, value), where);
                } else if (op < 90) {
                    assertEquals(expected.remove(key), map.remove(key), where);
                } else if (op < 93) {
                    Map.Entry<K, String> first = expected.pollFirstEntry();
                    assertEquals(first, map.pollFirstEntry(), where);
                } else if (op < 96) {
                    Iterator<Map.Entry<K, String>> model = expected.tailMap(key, true).entrySet().iterator();
                    Iterator<Map.Entry<K, String>> real = map.tailMap(key, true).entrySet().iterator();
                    for (int i = 0; i < 50 && model.hasNext(); i++) {
                        assertEquals(model.next(), real.next(), where);
                        if (random.nextBoolean()) {
                            model.remove();
                            real.remove();
                        }
                    }
                } else {
                    assertEquals(expected.get(key), map.get(key), where);
                }
                if (step % checkEvery == checkEvery - 1) {
                    assertEquals(-1, heap.firstUnmarkedWrite(before), where + ": a byte was written without being marked");
                    TreeVerifier.Report report = TreeVerifier.verify(heap, map.handle());
                    assertEquals(List.of(), report.problems(), where);
                    assertEquals(report.blocks(), heap.liveBlocks().keySet(), where + ": the map owns the live blocks");
                    assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(map.entrySet()), where);
                    before = heap.resetDirty();
                }
            }
            map.clear();
            assertEquals(1, heap.liveBlocks().size(), "clear frees every node and long string");
        }
    }

    /** Lengths around every limit: empty, short, about a hundred, a leaf's most (1,000 bytes), past it. */
    private static String randomValue(SplittableRandom random, int step) {
        return switch (random.nextInt(14)) {
            case 0 -> null;
            case 1 -> "";
            case 2 -> value(step, 995 + random.nextInt(10));
            case 3 -> value(step, 1_001 + random.nextInt(3_000));
            case 4 -> "é€".repeat(1 + random.nextInt(200)); // two and three UTF-8 bytes a character, compressed
            case 5, 6 -> value(step, 90 + random.nextInt(20));
            case 7 -> repetitive(step, 10 + random.nextInt(200));
            case 8 -> repetitive(step, 900 + random.nextInt(8_000)); // compressed in the leaf, or out of line
            default -> value(step, random.nextInt(40));
        };
    }

    /** Mostly strings of 700 to 1,000 bytes, a leaf's most, so that leaves hold a few entries; some short or empty. */
    private static String largeValue(SplittableRandom random, int step) {
        return switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> value(step, 1 + random.nextInt(300));
            default -> value(step, 700 + random.nextInt(301));
        };
    }

    /** A string of {@code length} characters that starts with {@code k}, the rest drawn at random from 64: they do not compress. */
    private static String value(long k, int length) {
        SplittableRandom random = new SplittableRandom(k);
        StringBuilder value = new StringBuilder().append(k).append(':');
        while (value.length() < length) {
            value.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return value.substring(0, length);
    }

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

    /** A string of {@code length} characters that starts with {@code k}, then repeats a short pattern: it compresses. */
    private static String repetitive(long k, int length) {
        StringBuilder value = new StringBuilder().append(k).append(':');
        while (value.length() < length) {
            value.append("pattern ").append(k % 7);
        }
        return value.substring(0, length);
    }

    private static List<Long> leafBlocks(TestBlockHeap heap) {
        return heap.liveBlocks().keySet().stream()
                .filter(block -> RecordHeader.typeId(heap.segment(), block) == NodeFormat.LEAF_TYPE_ID)
                .sorted()
                .toList();
    }

    private static long leaves(TestBlockHeap heap) {
        return leafBlocks(heap).size();
    }

    private static long branchBytes(TestBlockHeap heap) {
        return heap.liveBlocks().keySet().stream()
                .filter(block -> RecordHeader.typeId(heap.segment(), block) == NodeFormat.BRANCH_TYPE_ID)
                .count() * NodeFormat.NODE_SIZE;
    }

    /** The bytes a value that does not compress takes in its leaf. */
    private static int leafBytes(String value) {
        if (value == null) {
            return 0;
        }
        int length = value.getBytes(StandardCharsets.UTF_8).length;
        return length > 1_000 ? 8 : length;
    }
}
