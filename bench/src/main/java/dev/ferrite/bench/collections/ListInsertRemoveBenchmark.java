package dev.ferrite.bench.collections;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

/**
 * Inserting and removing in the middle of a list of {@value #ELEMENTS} long elements, through
 * {@link List#add(int, Object)} and {@link List#remove(int)}: {@code heap} ({@code PersistentList})
 * or {@code arraylist} ({@link ArrayList}). Each shifts half the list, so each runs in batches of
 * {@value #BATCH} calls timed whole ({@link Mode#SingleShotTime}, the score is milliseconds per
 * batch), and the list is put back to {@value #ELEMENTS} elements between batches, untimed.
 *
 * <p>{@code heap} needs a {@code PersistentList} that implements {@link List}; where it does not,
 * its setup fails with a message saying so and {@code arraylist} still runs.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ListInsertRemoveBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, batchSize = ListInsertRemoveBenchmark.BATCH)
@Measurement(iterations = 5, batchSize = ListInsertRemoveBenchmark.BATCH)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ListInsertRemoveBenchmark {
    static final int ELEMENTS = 1_000_000;
    static final int BATCH = 1_000;

    @Param({"heap", "arraylist"})
    public String store;

    private Path dir;
    private Heap heap;
    private List<Long> list;
    private final Long element = 42L;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("list-insert-bench");
        heap = Heap.open(dir.resolve("list.heap"), HeapOptions.builder().capacity(1L << 30).build());
        SplittableRandom random = new SplittableRandom(42);
        if (store.equals("heap")) {
            PersistentList<Long> heapList = PersistentList.create(heap, ValueType.LONG);
            for (int i = 0; i < ELEMENTS; i++) {
                heapList.addLong(random.nextLong());
            }
            heap.commit();
            list = asList(heapList);
        } else if (store.equals("arraylist")) {
            list = new ArrayList<>(ELEMENTS + BATCH);
            for (int i = 0; i < ELEMENTS; i++) {
                list.add(random.nextLong());
            }
        } else {
            throw new IllegalArgumentException("unknown store " + store + ": heap or arraylist");
        }
    }

    /**
     * The list as a {@link List}, checked at run time so that this class compiles whether or not
     * {@code PersistentList} implements it.
     */
    @SuppressWarnings("unchecked") // a PersistentList<Long> that is a List is a List<Long>
    private static List<Long> asList(PersistentList<Long> heapList) {
        Object list = heapList;
        if (!(list instanceof List<?> asList)) {
            throw new IllegalStateException("this build's PersistentList does not implement java.util.List,"
                    + " so it cannot insert or remove at an index: run with -p store=arraylist");
        }
        return (List<Long>) asList;
    }

    /** Puts the list back to {@value #ELEMENTS} elements, at its end, and commits the heap. */
    @TearDown(Level.Iteration)
    public void restoreSize() {
        while (list.size() > ELEMENTS) {
            list.removeLast();
        }
        while (list.size() < ELEMENTS) {
            list.add(element);
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

    /** Inserts an element at the middle index: one call, {@value #BATCH} to a batch. */
    @Benchmark
    public void insertMiddle() {
        list.add(list.size() / 2, element);
    }

    /** Removes the element at the middle index: one call, {@value #BATCH} to a batch. */
    @Benchmark
    public void removeMiddle() {
        list.remove(list.size() / 2);
    }
}
