package dev.ferrite.runtime.conformance;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.testing.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real heap on a temporary file for one of Guava's suites, with a few committed {@link Counter}
 * records to serve as reference values. Every case's collections are made in the heap and rolled
 * back after the case, so the heap stays small however many cases run.
 */
final class ConformanceHeap implements AutoCloseable {
    private final Path directory;
    private final Heap heap;
    private final List<Counter> counters = new ArrayList<>();

    ConformanceHeap(String name) {
        try {
            directory = Files.createTempDirectory("ferrite-conformance-" + name);
            heap = Heap.open(directory.resolve(name + ".heap"), HeapOptions.builder().capacity(64L << 20).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < 9; i++) {
            Counter counter = heap.allocate(Counter.class);
            counter.value(i);
            counters.add(counter);
        }
        heap.commit();
    }

    Heap heap() {
        return heap;
    }

    /** Nine distinct committed records. */
    List<Counter> counters() {
        return counters;
    }

    /** Discards whatever the last case made. */
    void rollback() {
        heap.rollback();
    }

    @Override
    public void close() throws IOException {
        heap.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
