package dev.ferrite.bench.heap;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opening a heap that holds 10 MiB costs the same whatever its bound: the same map of 10 MiB of
 * entries in heaps without a bound and bounded to 1 GiB, 64 GiB and 1 TiB, each opened and closed
 * many times, round robin, read-only and writable. Reports the median time of an open (and of an
 * open that also reads one entry) and the resident memory an open adds, as ratios to the heap
 * without a bound.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.ferrite.bench.heap.OpenCostByBound}
 */
public final class OpenCostByBound {
    private static final long ENTRIES = (10L << 20) / 16;
    private static final int ROUNDS = 30;

    private OpenCostByBound() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("open-cost");
        Map<String, Long> bounds = new LinkedHashMap<>();
        bounds.put("unbounded", HeapOptions.UNBOUNDED);
        bounds.put("1 GiB", 1L << 30);
        bounds.put("64 GiB", 64L << 30);
        bounds.put("1 TiB", 1L << 40);
        try {
            Map<String, Path> files = new LinkedHashMap<>();
            for (var bound : bounds.entrySet()) {
                Path file = dir.resolve(bound.getKey().replace(' ', '-') + ".heap");
                try (Heap heap = Heap.open(file, HeapOptions.builder().capacity(bound.getValue()).build())) {
                    PersistentSortedMap<Long, Long> map = PersistentSortedMap.root(heap, "map", KeyType.LONG, ValueType.LONG);
                    for (long key = 0; key < ENTRIES; key++) {
                        map.putLong(key, key);
                    }
                    heap.commit();
                }
                files.put(bound.getKey(), file);
            }
            for (boolean readOnly : new boolean[] {true, false}) {
                Map<String, long[]> nanos = new LinkedHashMap<>();
                Map<String, long[]> resident = new LinkedHashMap<>();
                files.keySet().forEach(name -> {
                    nanos.put(name, new long[ROUNDS]);
                    resident.put(name, new long[ROUNDS]);
                });
                HeapOptions options = HeapOptions.builder().readOnly(readOnly).build();
                for (int round = -3; round < ROUNDS; round++) {
                    for (var file : files.entrySet()) {
                        long before = ProcessCounters.now().residentBytes();
                        long start = System.nanoTime();
                        try (Heap heap = Heap.open(file.getValue(), options)) {
                            long opened = System.nanoTime();
                            long after = ProcessCounters.now().residentBytes();
                            if (PersistentSortedMap.root(heap, "map", KeyType.LONG, ValueType.LONG)
                                    .getLong(ENTRIES / 2, -1) != ENTRIES / 2) {
                                throw new AssertionError("lost an entry in " + file.getKey());
                            }
                            if (round >= 0) {
                                nanos.get(file.getKey())[round] = opened - start;
                                resident.get(file.getKey())[round] = after - before;
                            }
                        }
                    }
                }
                double base = median(nanos.get("unbounded"));
                System.out.printf("%s opens of a heap holding 10 MiB, median of %d:%n",
                        readOnly ? "read-only" : "writable", ROUNDS);
                for (String name : files.keySet()) {
                    System.out.printf("  bound %-9s open %7.3f ms  (%.2fx unbounded)  resident +%,d KiB  file %,d bytes%n",
                            name, median(nanos.get(name)) / 1e6, median(nanos.get(name)) / base,
                            (long) median(resident.get(name)) / 1024, Files.size(files.get(name)));
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path each : files.toList()) {
                    Files.delete(each);
                }
            }
            Files.delete(dir);
        }
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
