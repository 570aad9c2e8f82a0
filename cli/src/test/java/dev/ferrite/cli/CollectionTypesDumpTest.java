package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferrite dump} and {@code verify} on maps and lists of every key and value type the tool can read alone. */
class CollectionTypesDumpTest {
    enum Color { RED, GREEN }

    @TempDir
    Path dir;

    private Path heapWithEveryType() {
        Path file = dir.resolve("types.heap");
        try (Heap heap = Heap.open(file)) {
            PersistentSortedMap<Integer, String> names = PersistentSortedMap.root(heap, "names", KeyType.INT, ValueType.STRING);
            names.put(-7, "minus \"seven\"");
            names.put(3, null);
            names.put(12, "a string value long enough for a block of its own");
            PersistentSortedMap<UUID, Double> weights = PersistentSortedMap.root(heap, "weights", KeyType.UUID, ValueType.DOUBLE);
            weights.putDouble(UUID.fromString("00000000-0000-0001-0000-000000000002"), 2.5);
            weights.putDouble(UUID.fromString("80000000-0000-0000-0000-000000000000"), Double.NaN);
            PersistentSortedMap<byte[], Long> hashes = PersistentSortedMap.root(heap, "hashes", KeyType.BYTES, ValueType.LONG);
            hashes.putLong(new byte[] {(byte) 0xff, 0x01}, 2);
            hashes.putLong(new byte[0], 1);
            PersistentSortedMap.root(heap, "colors", KeyType.enumType(Color.class), ValueType.LONG).putLong(Color.GREEN, 1);
            PersistentList<String> lines = PersistentList.root(heap, "lines", ValueType.STRING);
            lines.add("first");
            lines.add(null);
            PersistentList<Double> samples = PersistentList.root(heap, "samples", ValueType.DOUBLE);
            samples.addDouble(-0.0);
            samples.addDouble(1e300);
            heap.commit();
        }
        return file;
    }

    @Test
    void dumpShowsEntriesOfEveryTypeAsText() {
        Path file = heapWithEveryType();
        Run dump = ferrite("dump", file.toString());
        assertEquals(0, dump.exitCode(), dump.err());
        String out = dump.out();
        assertTrue(out.matches("(?s).*  names -> ferrite.SortedMap @\\d+\n    -7 = \"minus \\\\\"seven\\\\\"\"\n    3 = null\n"
                + "    12 = \"a string value long enough for a block of its own\"\n.*"), out);
        assertTrue(out.matches("(?s).*  weights -> ferrite.SortedMap @\\d+\n"
                + "    \"80000000-0000-0000-0000-000000000000\" = NaN\n"
                + "    \"00000000-0000-0001-0000-000000000002\" = 2.5\n.*"), out);
        assertTrue(out.matches("(?s).*  hashes -> ferrite.SortedMap @\\d+\n    \"0x\" = 1\n    \"0xff01\" = 2\n.*"), out);
        assertTrue(out.matches("(?s).*  colors -> ferrite.SortedMap @\\d+\n    \"GREEN\" = 1\n.*"),
                "enum keys by the names the map recorded: " + out);
        assertTrue(out.matches("(?s).*  lines -> ferrite.List @\\d+\n    0 = \"first\"\n    1 = null\n.*"), out);
        assertTrue(out.matches("(?s).*  samples -> ferrite.List @\\d+\n    0 = -0.0\n    1 = 1.0E300\n.*"), out);
    }

    @Test
    void dumpJsonWritesTheSameEntries() {
        Path file = heapWithEveryType();
        Run dump = ferrite("dump", "--json", file.toString());
        assertEquals(0, dump.exitCode(), dump.err());
        String json = dump.out();
        assertTrue(json.contains("""
                "entries": [
                  {
                    "key": -7,
                    "value": "minus \\"seven\\""
                  },
                  {
                    "key": 3,
                    "value": null
                  },""".indent(6).stripTrailing()), json);
        assertTrue(json.contains("""
                  {
                    "key": "80000000-0000-0000-0000-000000000000",
                    "value": "NaN"
                  },""".indent(8).stripTrailing()), json);
        assertTrue(json.contains("""
                  {
                    "key": "0xff01",
                    "value": 2
                  }""".indent(8).stripTrailing()), json);
    }

    @Test
    void verifyChecksTheStringsAndConstantNamesOfCollections() {
        Path file = heapWithEveryType();
        Run verify = ferrite("verify", file.toString());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("ok        no problems found"), verify.out());
        assertTrue(verify.out().matches("(?s).*checked   (\\d+) blocks \\([\\d,]+ bytes\\): \\1 reachable, 0 records,"
                + " 1 strings.*"), "the list's string, reachable; the map keeps its two in its leaf: " + verify.out());
    }
}
