package dev.ferrite.bench.heap;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a 64 GiB sparse heap, touches about 10 MiB of it, and reports the resident memory and
 * the bytes read: opening must not read the file, and the resident set must stay near what was
 * touched.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.ferrite.bench.heap.SparseHeapFootprint}
 */
public final class SparseHeapFootprint {
    private static final long CAPACITY = 64L << 30;
    private static final long TOUCH = 10L << 20;
    private static final long MIB = 1L << 20;

    private SparseHeapFootprint() {}

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("sparse-heap");
        Path file = dir.resolve("big.heap");
        HeapOptions options = HeapOptions.builder().capacity(CAPACITY).build();
        try (Heap heap = Heap.open(file, options)) {
            heap.commit();
        }

        ProcessCounters beforeOpen = ProcessCounters.now();
        try (Heap heap = Heap.open(file, options)) {
            ProcessCounters opened = ProcessCounters.now();
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.root(heap, "touch", KeyType.LONG, ValueType.LONG);
            long entries = TOUCH / 16;
            for (long key = 0; key < entries; key++) {
                map.putLong(key, key);
            }
            heap.commit();
            ProcessCounters touched = ProcessCounters.now();
            System.out.printf("heap capacity           %,d MiB (file size %,d MiB)%n", CAPACITY / MIB, Files.size(file) / MIB);
            System.out.printf("resident before open    %,d MiB%n", beforeOpen.residentBytes() / MIB);
            System.out.printf("resident after open     %,d MiB (+%,d KiB), bytes read by open: %,d%n",
                    opened.residentBytes() / MIB,
                    (opened.residentBytes() - beforeOpen.residentBytes()) / 1024,
                    opened.bytesRead() - beforeOpen.bytesRead());
            System.out.printf("resident after touching %,d MiB (+%,d MiB for %,d MiB of map entries)%n",
                    touched.residentBytes() / MIB,
                    (touched.residentBytes() - opened.residentBytes()) / MIB,
                    TOUCH / MIB);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path each : files.toList()) {
                    Files.delete(each);
                }
            }
            Files.delete(dir);
        }
    }
}
