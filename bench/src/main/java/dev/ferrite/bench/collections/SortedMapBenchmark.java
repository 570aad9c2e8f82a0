package dev.ferrite.bench.collections;

import dev.ferrite.runtime.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mapdb.serializer.GroupSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A sorted map of {@value #ENTRIES} entries with keys in random order, and the operations a user
 * runs on it, each in the same code for every {@link #store}: {@code heap} ({@code
 * PersistentSortedMap}), {@code treemap} ({@link java.util.TreeMap}) and {@code mapdb} (MapDB's
 * memory-mapped {@code BTreeMap}).
 *
 * <p>{@link #get}, {@link #putExisting} and {@link #iterate} leave the map's keys as they are and
 * report operations per second. {@link #putNew} and {@link #remove} change its size, so they run
 * in batches of {@value #BATCH} calls timed whole ({@link Mode#SingleShotTime}): the score is
 * milliseconds per batch, and the map is put back to its {@value #ENTRIES} keys between batches,
 * untimed. The heap commits between iterations, untimed too: its cost is measured elsewhere.
 *
 * @param <K> the key type, chosen by the subclass
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public abstract class SortedMapBenchmark<K> {
    static final int ENTRIES = 1_000_000;
    static final int BATCH = 50_000;

    @Param({"heap", "treemap", "mapdb"})
    public String store;

    private Path dir;
    private SortedMapUnderTest<K> map;
    /** The keys in the map, in the random order they were put. */
    private K[] keys;
    /** Keys not in the map, for {@link #putNew}. */
    private K[] newKeys;
    /** Values to put, boxed in advance so that no benchmark times the boxing. */
    private Long[] values;
    private int next;
    private int inserted;
    private int removed;

    /** {@code count} distinct random keys, the same for every store. */
    abstract K[] randomKeys(SplittableRandom random, int count);

    abstract KeyType<K> heapKeys();

    abstract GroupSerializer<K> mapDbKeys();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("sorted-map-bench");
        map = switch (store) {
            case "heap" -> new HeapMapUnderTest<>(dir.resolve("map.heap"), heapKeys());
            case "treemap" -> new TreeMapUnderTest<>();
            case "mapdb" -> new MapDbTreeMapUnderTest<>(dir.resolve("map.mapdb"), mapDbKeys());
            default -> throw new IllegalArgumentException("unknown store " + store + ": heap, treemap or mapdb");
        };
        K[] all = randomKeys(new SplittableRandom(42), 2 * ENTRIES);
        keys = java.util.Arrays.copyOfRange(all, 0, ENTRIES);
        newKeys = java.util.Arrays.copyOfRange(all, ENTRIES, 2 * ENTRIES);
        values = new Long[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) {
            values[i] = (long) i;
            map.put(keys[i], values[i]);
        }
        map.commit();
    }

    @TearDown(Level.Iteration)
    public void restoreKeys() {
        for (int i = 0; i < inserted; i++) {
            map.remove(newKeys[i]);
        }
        for (int i = 0; i < removed; i++) {
            map.put(keys[i], values[i]);
        }
        inserted = 0;
        removed = 0;
        map.commit();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        map.close();
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private int nextIndex() {
        int index = next;
        next = index + 1 == ENTRIES ? 0 : index + 1;
        return index;
    }

    /** Looks up a key that is in the map. */
    @Benchmark
    public Long get() {
        return map.get(keys[nextIndex()]);
    }

    /** Replaces the value of a key that is in the map. */
    @Benchmark
    public void putExisting() {
        int i = nextIndex();
        map.put(keys[i], values[ENTRIES - 1 - i]);
    }

    /** Visits all {@value #ENTRIES} entries in key order: one operation is the whole scan. */
    @Benchmark
    public long iterate(Blackhole keysSeen) {
        return map.scan(keysSeen);
    }

    /** Puts a key that is not in the map: one call, {@value #BATCH} to a batch. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5, batchSize = BATCH)
    @Measurement(iterations = 5, batchSize = BATCH)
    public void putNew() {
        int i = inserted++;
        map.put(newKeys[i], values[i]);
    }

    /** Removes a key that is in the map: one call, {@value #BATCH} to a batch. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5, batchSize = BATCH)
    @Measurement(iterations = 5, batchSize = BATCH)
    public void remove() {
        map.remove(keys[removed++]);
    }
}
