package dev.ferrite.bench.heap;

import dev.ferrite.bench.accessors.Trade;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Heap allocation and sorted-map operations without commits, next to {@link TreeMap} in
 * memory: the ratio is the price of persistence before any commit is paid for.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar HeapBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HeapBenchmark {
    static final int BATCH = 1_000;
    static final int KEYS = 100_000;

    private Path dir;
    private Heap heap;
    private PersistentSortedMap<Long, Long> longMap;
    private PersistentSortedMap<String, Long> stringMap;
    private TreeMap<Long, Long> longTreeMap;
    private TreeMap<String, Long> stringTreeMap;
    private long[] longKeys;
    private String[] stringKeys;
    private final Trade[] batch = new Trade[BATCH];
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("heap-bench");
        heap = Heap.open(dir.resolve("bench.heap"), HeapOptions.builder().capacity(4L << 30).build());
        longMap = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
        stringMap = PersistentSortedMap.create(heap, KeyType.STRING, ValueType.LONG);
        longTreeMap = new TreeMap<>();
        stringTreeMap = new TreeMap<>();
        SplittableRandom random = new SplittableRandom(42);
        longKeys = new long[KEYS];
        stringKeys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            longKeys[i] = random.nextLong();
            stringKeys[i] = "word-" + Long.toString(random.nextLong(1L << 40), 36);
            longMap.putLong(longKeys[i], i);
            stringMap.putLong(stringKeys[i], i);
            longTreeMap.put(longKeys[i], (long) i);
            stringTreeMap.put(stringKeys[i], (long) i);
        }
        heap.commit();
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
        next = index + 1 == KEYS ? 0 : index + 1;
        return index;
    }

    /** Allocates {@value #BATCH} records, then frees them: one op is one allocation and one free. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Trade[] allocateAndFree() {
        for (int i = 0; i < BATCH; i++) {
            batch[i] = heap.allocate(Trade.class);
        }
        for (int i = 0; i < BATCH; i++) {
            heap.free(batch[i]);
        }
        return batch;
    }

    @Benchmark
    public long getLongKeyHeap() {
        return longMap.getLong(longKeys[nextIndex()], -1);
    }

    @Benchmark
    public Long getLongKeyTreeMap() {
        return longTreeMap.get(longKeys[nextIndex()]);
    }

    @Benchmark
    public long putLongKeyHeap() {
        int i = nextIndex();
        longMap.putLong(longKeys[i], i);
        return i;
    }

    @Benchmark
    public Long putLongKeyTreeMap() {
        int i = nextIndex();
        return longTreeMap.put(longKeys[i], (long) i);
    }

    @Benchmark
    public long getStringKeyHeap() {
        return stringMap.getLong(stringKeys[nextIndex()], -1);
    }

    @Benchmark
    public Long getStringKeyTreeMap() {
        return stringTreeMap.get(stringKeys[nextIndex()]);
    }

    @Benchmark
    public long putStringKeyHeap() {
        int i = nextIndex();
        stringMap.putLong(stringKeys[i], i);
        return i;
    }

    @Benchmark
    public Long putStringKeyTreeMap() {
        int i = nextIndex();
        return stringTreeMap.put(stringKeys[i], (long) i);
    }
}
