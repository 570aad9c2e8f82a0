package dev.ferrite.bench.heap;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Single-threaded lookups in sorted maps of {@value #KEYS} keys, in random order: the read path
 * whose per-call state makes a map object safe to share between reading threads, so its cost is
 * watched here.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar MapGetBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class MapGetBenchmark {
    static final int KEYS = 1_000_000;

    private Path dir;
    private Heap heap;
    private PersistentSortedMap<Long, Long> longMap;
    private PersistentSortedMap<String, Long> stringMap;
    private Long[] longKeys;
    private String[] stringKeys;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("map-get-bench");
        heap = Heap.open(dir.resolve("bench.heap"), HeapOptions.builder().capacity(4L << 30).build());
        longMap = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
        stringMap = PersistentSortedMap.create(heap, KeyType.STRING, ValueType.LONG);
        SplittableRandom random = new SplittableRandom(42);
        longKeys = new Long[KEYS];
        stringKeys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            longKeys[i] = random.nextLong();
            stringKeys[i] = "word-" + Long.toString(random.nextLong(1L << 40), 36);
            longMap.putLong(longKeys[i], i);
            stringMap.putLong(stringKeys[i], i);
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

    @Benchmark
    public Long getLongKey() {
        return longMap.get(longKeys[nextIndex()]);
    }

    @Benchmark
    public long getLongLongKey() {
        return longMap.getLong(longKeys[nextIndex()], -1);
    }

    @Benchmark
    public Long getStringKey() {
        return stringMap.get(stringKeys[nextIndex()]);
    }

    @Benchmark
    public long getLongStringKey() {
        return stringMap.getLong(stringKeys[nextIndex()], -1);
    }
}
