package dev.ferrite.bench.fams;

import dev.ferrite.fams.log.LogIdentity;
import dev.ferrite.fams.log.PageCheck;
import dev.ferrite.fams.storage.FileId;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The check of one 4 KiB page's new contents that an undo commit computes for every page it logs
 * and recovery for every page it verifies: the XXH64 of log format 4 against the CRC32C and CRC32
 * of format 3, and a copy of the page (what logging its image costs at least) as the yardstick.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar PageCheckBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PageCheckBenchmark {
    private static final LogIdentity ID = LogIdentity.random("bench.dat", new FileId(1, 2, 3));

    @Param({"3", "4"})
    int format;

    private PageCheck check;
    private final ByteBuffer page = ByteBuffer.allocateDirect(4096);
    private final ByteBuffer copy = ByteBuffer.allocateDirect(4096);

    @Setup
    public void setUp() {
        check = PageCheck.forFormat(format, ID);
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        page.put(bytes).flip();
    }

    @Benchmark
    public long check() {
        return check.check(page);
    }

    @Benchmark
    public ByteBuffer copyPage() {
        return copy.clear().put(page.duplicate());
    }
}
