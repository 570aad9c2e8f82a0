package dev.ferrite.bench.collections;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Bytes on disk per entry of a sorted map of {@value SortedMapBenchmark#ENTRIES} long values, for
 * the heap's map and MapDB's {@code BTreeMap}, with long and with string keys, each put in random
 * order into a file of its own, then committed and closed: the files' size, and the space the file
 * system gave them ({@code st_blocks}: a sparse heap file takes space only where it was written),
 * each divided by the entries.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.ferrite.bench.collections.SortedMapFootprint}
 */
public final class SortedMapFootprint {
    private static final int ENTRIES = SortedMapBenchmark.ENTRIES;

    private SortedMapFootprint() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        System.out.printf("%-6s %-7s %16s %14s %16s %14s%n",
                "keys", "store", "file bytes", "file B/entry", "disk bytes", "disk B/entry");
        LongKeyMapBenchmark longKeys = new LongKeyMapBenchmark();
        StringKeyMapBenchmark stringKeys = new StringKeyMapBenchmark();
        Long[] longs = longKeys.randomKeys(new SplittableRandom(42), ENTRIES);
        String[] strings = stringKeys.randomKeys(new SplittableRandom(42), ENTRIES);
        measure("long", "heap", longs, file -> new HeapMapUnderTest<>(file, longKeys.heapKeys()));
        measure("long", "mapdb", longs, file -> new MapDbTreeMapUnderTest<>(file, longKeys.mapDbKeys()));
        measure("string", "heap", strings, file -> new HeapMapUnderTest<>(file, stringKeys.heapKeys()));
        measure("string", "mapdb", strings, file -> new MapDbTreeMapUnderTest<>(file, stringKeys.mapDbKeys()));
    }

    private static <K> void measure(String keyName, String store, K[] keys, Function<Path, SortedMapUnderTest<K>> open)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("map-footprint");
        try {
            try (SortedMapUnderTest<K> map = open.apply(dir.resolve("map." + store))) {
                for (int i = 0; i < keys.length; i++) {
                    map.put(keys[i], (long) i);
                }
                map.commit();
            }
            long fileBytes = 0;
            long diskBytes = 0;
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    fileBytes += Files.size(file);
                    diskBytes += allocatedBytes(file);
                }
            }
            System.out.printf("%-6s %-7s %,16d %,14.1f %,16d %,14.1f%n", keyName, store,
                    fileBytes, (double) fileBytes / keys.length, diskBytes, (double) diskBytes / keys.length);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    /** {@code st_blocks} times the block size {@code stat} reports it in. */
    private static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "--format=%b %B", file.toString()).redirectErrorStream(true).start();
        String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (stat.waitFor() != 0) {
            throw new IOException("stat " + file + " failed: " + out);
        }
        String[] fields = out.split(" ");
        return Long.parseLong(fields[0]) * Long.parseLong(fields[1]);
    }
}
