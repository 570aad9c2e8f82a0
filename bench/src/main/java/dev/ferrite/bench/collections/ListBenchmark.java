package dev.ferrite.bench.collections;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads at random indexes of a {@code PersistentList} of {@value #ELEMENTS} long elements, next to
 * an {@link ArrayList} of the same elements. Inserting and removing in the middle are in {@link
 * ListInsertRemoveBenchmark}.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ListBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ListBenchmark {
    static final int ELEMENTS = 1_000_000;

    private Path dir;
    private Heap heap;
    private PersistentList<Long> heapList;
    private ArrayList<Long> arrayList;
    /** Random indexes, drawn in advance so that no benchmark times the drawing. */
    private int[] indexes;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("list-bench");
        heap = Heap.open(dir.resolve("list.heap"), HeapOptions.builder().capacity(1L << 30).build());
        heapList = PersistentList.create(heap, ValueType.LONG);
        arrayList = new ArrayList<>(ELEMENTS);
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < ELEMENTS; i++) {
            long element = random.nextLong();
            heapList.addLong(element);
            arrayList.add(element);
        }
        heap.commit();
        indexes = random.ints(ELEMENTS, 0, ELEMENTS).toArray();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        heap.close();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private int nextIndex() {
        int index = next;
        next = index + 1 == ELEMENTS ? 0 : index + 1;
        return indexes[index];
    }

    @Benchmark
    public Long getHeap() {
        return heapList.get(nextIndex());
    }

    @Benchmark
    public Long getArrayList() {
        return arrayList.get(nextIndex());
    }
}
