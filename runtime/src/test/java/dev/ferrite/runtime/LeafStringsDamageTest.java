package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.TestBlockHeap;
import dev.ferrite.runtime.collection.TreeVerifier;
import dev.ferrite.runtime.format.RecordHeader;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Leaves of leaf strings damaged at random (their counts, value fields, payloads, value bytes and
 * keys): reading, iterating, verifying and writing the map either works or throws {@link
 * CorruptHeapException}, never an exception of the JDK from reading past a leaf or an array.
 * What it reads may be wrong: values carry no checksum.
 */
class LeafStringsDamageTest {
    @Test
    void damagedLeavesAreReportedAsCorruptNeverReadPast() {
        SplittableRandom random = new SplittableRandom(21);
        int corrupt = 0;
        int cases = 400;
        for (int c = 0; c < cases; c++) {
            long seed = random.nextLong();
            try (TestBlockHeap heap = new TestBlockHeap(16L << 20)) {
                PersistentSortedMap<String, String> map = filled(heap);
                String what = damage(heap, new SplittableRandom(seed));
                try {
                    use(heap, map, new SplittableRandom(seed + 1));
                } catch (CorruptHeapException expected) {
                    corrupt++;
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("seed " + seed + " (" + what + "): " + e, e);
                }
            }
        }
        assertTrue(corrupt > cases / 10, corrupt + " of " + cases + " damaged maps reported as corrupt");
    }

    /** 600 string keys, some out of line, to values of every kind: null, empty, short, compressed, long. */
    private static PersistentSortedMap<String, String> filled(TestBlockHeap heap) {
        PersistentSortedMap<String, String> map = PersistentSortedMap.create(heap, KeyType.STRING, ValueType.STRING);
        for (int k = 0; k < 600; k++) {
            String key = (k % 7 == 0 ? "a key longer than a slot holds, " : "") + k;
            map.put(key, switch (k % 6) {
                case 0 -> null;
                case 1 -> "";
                case 2 -> "value " + k;
                case 3 -> k + "-".repeat(200);
                case 4 -> "long value ".repeat(150) + k;
                default -> Integer.toHexString(k * 0x9E3779B1).repeat(3) + " ø " + k;
            });
        }
        return map;
    }

    /** Writes random bytes over a few fields or bytes of the map's leaves; says where. */
    private static String damage(TestBlockHeap heap, SplittableRandom random) {
        List<Long> leaves = heap.liveBlocks().keySet().stream()
                .filter(block -> RecordHeader.typeId(heap.segment(), block) == NodeFormat.LEAF_TYPE_ID)
                .sorted()
                .toList();
        StringBuilder what = new StringBuilder();
        int damages = 1 + random.nextInt(3);
        for (int d = 0; d < damages; d++) {
            long leaf = leaves.get(random.nextInt(leaves.size()));
            long at = switch (random.nextInt(4)) {
                case 0 -> leaf + 8 + random.nextInt(16); // count, value start, value bytes
                case 1 -> leaf + 24 + random.nextInt(400); // entries: key slots and payloads
                default -> leaf + 24 + random.nextInt(NodeFormat.NODE_SIZE - 24);
            };
            int width = 1 + random.nextInt(4);
            for (int i = 0; i < width && at + i < leaf + NodeFormat.NODE_SIZE; i++) {
                heap.segment().set(ValueLayout.JAVA_BYTE, at + i, (byte) random.nextInt(256));
            }
            what.append(width).append(" bytes at ").append(at - leaf).append(" of leaf ").append(leaf).append("; ");
        }
        return what.toString();
    }

    /** Verifies, reads every entry, looks keys up, then writes. */
    private static void use(TestBlockHeap heap, PersistentSortedMap<String, String> map, SplittableRandom random) {
        TreeVerifier.verify(heap, map.handle());
        List<String> keys = new ArrayList<>();
        for (Map.Entry<String, String> entry : map.entrySet()) {
            keys.add(entry.getKey());
            entry.getValue();
        }
        for (int i = 0; i < 50; i++) {
            map.get(Integer.toString(random.nextInt(700)));
        }
        for (int i = 0; i < 100 && !keys.isEmpty(); i++) {
            String key = keys.get(random.nextInt(keys.size()));
            switch (random.nextInt(3)) {
                case 0 -> map.remove(key);
                case 1 -> map.put(key, "new ".repeat(random.nextInt(300)));
                default -> map.put(key + "/" + i, "x");
            }
        }
    }
}
