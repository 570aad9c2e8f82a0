package dev.ferrite.bench.migrate;

import dev.ferrite.bench.Directories;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.Migration;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.ValueType;
import dev.ferrite.runtime.struct.StructType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Migration throughput: a heap of {@code bench.Position} records (1 million by default), all
 * listed in a persistent list, written with v1 and migrated to each later version in one
 * commit. Prints records per second and the bytes the process wrote during the migration
 * ({@code wchar} of {@code /proc/self/io}: the FAMS undo log and the committed pages).
 *
 * <p>Not a JMH benchmark: a migration is a one-shot operation on a fresh heap. The versions are
 * compiled at run time, so ferrite-processor and JavaPoet join the benchmarks jar on the class
 * path:
 * <pre>
 * ./mvnw -q -B install -pl bench -am -DskipTests
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar:processor/target/ferrite-processor-0.1.0-SNAPSHOT.jar:$HOME/.m2/repository/com/palantir/javapoet/javapoet/0.22.0/javapoet-0.22.0.jar \
 *     dev.ferrite.bench.migrate.MigrationThroughput [records] [directory]
 * </pre>
 */
public final class MigrationThroughput {
    private static final int COMMIT_EVERY = 100_000;

    private MigrationThroughput() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path directory = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("ferrite-migration-bench");
        try {
            Class<?> v1 = PositionVersions.compile(directory.resolve("classes/v1"), PositionVersions.V1);
            System.out.printf("bench.Position v1: %d bytes per record; %,d records%n", StructType.of(v1).size(), records);
            run("catalog only (field added in the reserve)", directory, records, v1,
                    PositionVersions.compile(directory.resolve("classes/reserve"), PositionVersions.IN_RESERVE));
            run("in place (int widened to long, same size)", directory, records, v1,
                    PositionVersions.compile(directory.resolve("classes/inplace"), PositionVersions.IN_PLACE));
            run("relocating (record outgrows its block)", directory, records, v1,
                    PositionVersions.compile(directory.resolve("classes/relocating"), PositionVersions.RELOCATING));
            baseline(directory, records, StructType.of(v1).size(), 120);
        } finally {
            if (args.length <= 1) {
                Directories.deleteRecursively(directory);
            }
        }
    }

    private static void run(String scenario, Path directory, int records, Class<?> v1, Class<?> target) throws Exception {
        Path heapDirectory = directory.resolve("heap-" + target.getClassLoader().hashCode());
        Files.createDirectories(heapDirectory);
        Path file = heapDirectory.resolve("positions.heap");
        write(file, v1, records);
        StructType<?> type = StructType.of(target);
        try (Heap heap = Heap.open(file)) {
            Migration.Plan plan = Migration.plan(heap, List.of(type), Migration.Options.defaults());
            long writtenBefore = writtenBytes();
            long started = System.nanoTime();
            Migration.Result result = Migration.run(heap, List.of(type), Migration.Options.defaults());
            double seconds = (System.nanoTime() - started) / 1e9;
            long written = writtenBytes() - writtenBefore;
            check(heap, target, records);
            Migration.TypePlan typePlan = plan.types().get(0);
            System.out.printf("%-45s %-12s %,10d records %,10d moved %8.3f s %,12.0f records/s %,8.1f MB written"
                            + " (%,.0f bytes per record, record %d -> %d bytes)%n",
                    scenario, typePlan.action(), typePlan.records(), result.relocated(), seconds,
                    typePlan.records() / seconds, written / 1e6, (double) written / typePlan.records(),
                    StructType.of(v1).size(), type.size());
        }
        Directories.deleteRecursively(heapDirectory);
    }

    /**
     * The floor in the same run: copy every record into a larger slot of a plain off-heap array
     * and write the result to a file with one fsync, with no heap, log or references involved.
     */
    private static void baseline(Path directory, int records, long from, long to) throws IOException {
        Path file = directory.resolve("baseline.bin");
        try (Arena arena = Arena.ofConfined();
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            MemorySegment source = arena.allocate(from * records, 8);
            MemorySegment target = arena.allocate(to * records, 8);
            for (long i = 0; i < records; i++) {
                source.set(ValueLayout.JAVA_LONG, i * from + 8, i);
            }
            long writtenBefore = writtenBytes();
            long started = System.nanoTime();
            for (long i = 0; i < records; i++) {
                MemorySegment.copy(source, i * from, target, i * to, from);
            }
            ByteBuffer bytes = target.asByteBuffer();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
            double seconds = (System.nanoTime() - started) / 1e9;
            long written = writtenBytes() - writtenBefore;
            System.out.printf("%-45s %-12s %,10d records %,10d moved %8.3f s %,12.0f records/s %,8.1f MB written"
                            + " (%,.0f bytes per record, record %d -> %d bytes)%n",
                    "baseline: copy to larger slots, write, fsync", "-", records, records, seconds,
                    records / seconds, written / 1e6, (double) written / records, from, to);
        }
        Files.delete(file);
    }

    private static void write(Path file, Class<?> v1, int records) throws ReflectiveOperationException {
        Method id = v1.getMethod("id", long.class);
        Method qty = v1.getMethod("qty", int.class);
        Method price = v1.getMethod("price", double.class);
        Method account = v1.getMethod("account", long.class);
        Method symbol = v1.getMethod("symbol", String.class);
        String[] symbols = {"ACME", "INIT", "FERR", "GLOB", "XYZ"};
        try (Heap heap = Heap.open(file, HeapOptions.builder().capacity(8L << 30).build())) {
            PersistentList<Object> all = list(heap, v1);
            for (int i = 0; i < records; i++) {
                Object position = heap.allocate(v1);
                id.invoke(position, (long) i);
                qty.invoke(position, i % 1000);
                price.invoke(position, i * 0.25);
                account.invoke(position, i / 10L);
                symbol.invoke(position, symbols[i % symbols.length]);
                all.add(position);
                if ((i + 1) % COMMIT_EVERY == 0) {
                    heap.commit();
                }
            }
            heap.commit();
        }
    }

    @SuppressWarnings("unchecked")
    private static PersistentList<Object> list(Heap heap, Class<?> type) {
        return (PersistentList<Object>) PersistentList.root(heap, "all", ValueType.reference(type));
    }

    /** Spot-checks that the migrated records, reached through the list, hold their values. */
    private static void check(Heap heap, Class<?> type, int records) throws ReflectiveOperationException {
        PersistentList<Object> all = list(heap, type);
        for (int i = 0; i < records; i += Math.max(1, records / 1000)) {
            Object position = all.get(i);
            long id = (long) type.getMethod("id").invoke(position);
            Number qty = (Number) type.getMethod("qty").invoke(position);
            if (id != i || qty.longValue() != i % 1000) {
                throw new IllegalStateException("record " + i + " reads id " + id + ", qty " + qty + " after the migration");
            }
        }
    }

    private static long writtenBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("wchar:")) {
                return Long.parseLong(line.substring(6).trim());
            }
        }
        throw new IllegalStateException("/proc/self/io has no wchar line");
    }
}
