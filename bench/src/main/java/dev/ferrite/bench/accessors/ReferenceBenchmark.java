package dev.ferrite.bench.accessors;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Following a reference field in a heap: {@code link.next().value()} for each of {@value
 * #RECORDS} records whose references point at records in random order, against hand-written
 * code that reads the stored offset and the target's field straight from the segment, without
 * any check (of the block, its type or its generation).
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ReferenceBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@OperationsPerInvocation(ReferenceBenchmark.RECORDS)
public class ReferenceBenchmark {
    static final int RECORDS = 4096;
    /** A stored reference holds the record's generation above its 48-bit offset. */
    private static final long OFFSET_MASK = (1L << 48) - 1;

    private Path dir;
    private Heap heap;
    private Link[] links;
    private long[] offsets;
    private MemorySegment segment;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("reference-bench");
        heap = Heap.open(dir.resolve("bench.heap"), HeapOptions.builder().capacity(64L << 20).build());
        links = new Link[RECORDS];
        offsets = new long[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            links[i] = heap.allocate(Link.class);
            links[i].value(i);
            offsets[i] = ((Flyweight) links[i]).offset();
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < RECORDS; i++) {
            links[i].next(links[random.nextInt(RECORDS)]);
        }
        heap.commit();
        segment = ((Flyweight) links[0]).store().segment();
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

    @Benchmark
    public long followGenerated() {
        long sum = 0;
        for (Link link : links) {
            sum += link.next().value();
        }
        return sum;
    }

    @Benchmark
    public long followHandWritten() {
        long sum = 0;
        MemorySegment memory = segment;
        for (long offset : offsets) {
            long target = memory.get(LittleEndian.LONG, offset + LinkFlyweight.OFFSET_NEXT);
            sum += memory.get(LittleEndian.LONG, (target & OFFSET_MASK) + LinkFlyweight.OFFSET_VALUE);
        }
        return sum;
    }
}
