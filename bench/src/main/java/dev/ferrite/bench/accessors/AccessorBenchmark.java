package dev.ferrite.bench.accessors;

import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Generated flyweight accessors against hand-written {@link MemorySegment} code doing the same
 * reads and writes (same offsets, same byte order, same dirty marking), and against plain Java
 * objects on the heap. Each operation visits every one of {@value #RECORDS} records.
 *
 * <p>The store counts frees as a heap does, so while nothing is freed the flyweights' check that
 * their record is live is a compare of two numbers; the {@code HeaderChecked} variants use a store
 * that does not count, whose flyweights read the record's header on every access, as a heap's do
 * when a record was freed after they were pointed at theirs.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AccessorBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@OperationsPerInvocation(AccessorBenchmark.RECORDS)
public class AccessorBenchmark {
    static final int RECORDS = 4096;

    private static final long OFFSET_ID = TradeFlyweight.OFFSET_ID;
    private static final long OFFSET_QUANTITY = TradeFlyweight.OFFSET_QUANTITY;
    private static final long OFFSET_PRICE = TradeFlyweight.OFFSET_PRICE;
    private static final long OFFSET_TIMESTAMP = TradeFlyweight.OFFSET_TIMESTAMP;
    private static final long SIZE = TradeFlyweight.SIZE;

    /** The on-heap baseline. */
    static final class TradeObject {
        long id;
        int quantity;
        double price;
        long timestamp;
    }

    private Arena arena;
    private MemorySegment segment;
    private PageBitmapStore store;
    private PageBitmapStore uncountedStore;
    private TradeFlyweight flyweight;
    private TradeFlyweight uncountedFlyweight;
    private TradeObject[] objects;

    @Setup
    public void setUp() {
        arena = Arena.ofConfined();
        segment = arena.allocate(SIZE * RECORDS, 4096);
        store = new PageBitmapStore(segment, true);
        uncountedStore = new PageBitmapStore(segment, false);
        flyweight = new TradeFlyweight();
        uncountedFlyweight = new TradeFlyweight().wrap(uncountedStore, 0);
        objects = new TradeObject[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            TradeFlyweight.TYPE.initialize(store, i * SIZE);
            objects[i] = new TradeObject();
        }
        writeGenerated();
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public double readGenerated() {
        double sum = 0;
        TradeFlyweight trade = flyweight;
        for (int i = 0; i < RECORDS; i++) {
            trade.wrap(store, i * SIZE);
            sum += trade.id() + trade.quantity() * trade.price() + trade.timestamp();
        }
        return sum;
    }

    @Benchmark
    public double readGeneratedHeaderChecked() {
        double sum = 0;
        TradeFlyweight trade = uncountedFlyweight;
        for (int i = 0; i < RECORDS; i++) {
            trade.wrap(uncountedStore, i * SIZE);
            sum += trade.id() + trade.quantity() * trade.price() + trade.timestamp();
        }
        return sum;
    }

    @Benchmark
    public double readHandWritten() {
        double sum = 0;
        MemorySegment memory = segment;
        for (int i = 0; i < RECORDS; i++) {
            long base = i * SIZE;
            sum += memory.get(LittleEndian.LONG, base + OFFSET_ID)
                    + memory.get(LittleEndian.INT, base + OFFSET_QUANTITY)
                            * memory.get(LittleEndian.DOUBLE, base + OFFSET_PRICE)
                    + memory.get(LittleEndian.LONG, base + OFFSET_TIMESTAMP);
        }
        return sum;
    }

    @Benchmark
    public double readObjects() {
        double sum = 0;
        for (TradeObject trade : objects) {
            sum += trade.id + trade.quantity * trade.price + trade.timestamp;
        }
        return sum;
    }

    @Benchmark
    public TradeFlyweight writeGenerated() {
        TradeFlyweight trade = flyweight;
        for (int i = 0; i < RECORDS; i++) {
            trade.wrap(store, i * SIZE);
            trade.id(i);
            trade.quantity(i & 1023);
            trade.price(i * 0.5);
            trade.timestamp(i * 31L);
        }
        return trade;
    }

    @Benchmark
    public TradeFlyweight writeGeneratedHeaderChecked() {
        TradeFlyweight trade = uncountedFlyweight;
        for (int i = 0; i < RECORDS; i++) {
            trade.wrap(uncountedStore, i * SIZE);
            trade.id(i);
            trade.quantity(i & 1023);
            trade.price(i * 0.5);
            trade.timestamp(i * 31L);
        }
        return trade;
    }

    @Benchmark
    public MemorySegment writeHandWritten() {
        MemorySegment memory = segment;
        PageBitmapStore tracker = store;
        for (int i = 0; i < RECORDS; i++) {
            long base = i * SIZE;
            memory.set(LittleEndian.LONG, base + OFFSET_ID, i);
            tracker.markDirty(base + OFFSET_ID, 8);
            memory.set(LittleEndian.INT, base + OFFSET_QUANTITY, i & 1023);
            tracker.markDirty(base + OFFSET_QUANTITY, 4);
            memory.set(LittleEndian.DOUBLE, base + OFFSET_PRICE, i * 0.5);
            tracker.markDirty(base + OFFSET_PRICE, 8);
            memory.set(LittleEndian.LONG, base + OFFSET_TIMESTAMP, i * 31L);
            tracker.markDirty(base + OFFSET_TIMESTAMP, 8);
        }
        return memory;
    }

    @Benchmark
    public TradeObject[] writeObjects() {
        TradeObject[] all = objects;
        for (int i = 0; i < RECORDS; i++) {
            TradeObject trade = all[i];
            trade.id = i;
            trade.quantity = i & 1023;
            trade.price = i * 0.5;
            trade.timestamp = i * 31L;
        }
        return all;
    }
}
