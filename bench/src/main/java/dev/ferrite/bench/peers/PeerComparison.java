package dev.ferrite.bench.peers;

import dev.ferrite.bench.Directories;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ferrite side by side with SQLite, LMDB, H2 MVStore and RocksDB on the same workloads, each store
 * and workload in a fresh JVM of its own, several runs of each interleaved, with the floor of a
 * durable commit (a 4 KiB {@code pwrite} + {@code fdatasync}) measured in the same run. Prints a
 * table: the median and the range of operations per second, the ratio to the best peer, and the
 * commits per second as a fraction of the floor's syncs per second.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.ferrite.bench.peers.PeerComparison \
 *     [--runs 3] [--seconds 1.5] [--warm-up 0.5] [--dir DIR] [--stores ferrite,sqlite,...] \
 *     [--workloads bank-1,wordfreq,...] TEXT_FILE
 * </pre>
 *
 * <p>Every workload and the floor run for {@code --seconds} after {@code --warm-up}; wordfreq
 * counts the whole text into a new store, pass after pass, until a pass ends past that time.
 * {@code --dir} must be on the file system to measure (default: a new directory under {@code
 * java.io.tmpdir}). Every run reopens its store and checks its content; a failed check, or a run
 * that fails in any other way, stops the comparison with exit status 1. The child JVMs get {@link #CHILD_JVM_FLAGS}.
 */
public final class PeerComparison {
    /**
     * Flags of every child JVM. Ferrite, sqlite-jdbc and RocksDB call native code; lmdbjava reads
     * a direct buffer's address by reflection and uses {@code sun.misc.Unsafe}.
     */
    static final List<String> CHILD_JVM_FLAGS = List.of(
            "--enable-native-access=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");
    private static final long CHILD_TIMEOUT_MINUTES = 5;

    private PeerComparison() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("run")) {
            runChild(args);
            return;
        }
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(Settings.USAGE);
            System.exit(2);
            return;
        }
        System.exit(compare(settings));
    }

    /** Child: {@code run WORKLOAD STORE DIR WARM_UP_MILLIS MEASURE_MILLIS [TEXT_FILE]}; prints one result line. */
    private static void runChild(String[] args) throws IOException {
        Workload workload = Workload.valueOf(args[1]);
        Path dir = Path.of(args[3]);
        long warmUp = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[4]));
        long measure = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[5]));
        RunResult result = switch (workload) {
            case SYNC_FLOOR -> SyncFloorRun.run(dir, warmUp, measure);
            case WORDFREQ -> WordFreqRun.run(Store.valueOf(args[2]), dir, Path.of(args[6]), workload.opsPerCommit(),
                    workload.durability(), warmUp, measure);
            case BANK_1, BANK_1000, BANK_1_ASYNC -> BankRun.run(Store.valueOf(args[2]), dir, workload.opsPerCommit(),
                    workload.durability(), warmUp, measure);
        };
        System.out.println(result.toLine());
    }

    private record Entry(Workload workload, Store store) {
        String label(String note) {
            if (store == null) {
                return "pwrite 4 KiB + fdatasync";
            }
            String label = store.label(workload.durability());
            return note.isEmpty() ? label : label + " [" + note + "]";
        }
    }

    private static int compare(Settings settings) throws IOException, InterruptedException {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(Workload.SYNC_FLOOR, null));
        for (Workload workload : settings.workloads) {
            for (Store store : settings.stores) {
                entries.add(new Entry(workload, store));
            }
        }
        Path root = settings.dir != null ? Files.createDirectories(settings.dir)
                : Files.createTempDirectory("ferrite-peers");
        System.err.printf("%d runs of %d entries in %s (%s)%n", settings.runs, entries.size(), root,
                Files.getFileStore(root).type());
        Map<Entry, List<RunResult>> results = new LinkedHashMap<>();
        Map<Entry, String> notes = new LinkedHashMap<>();
        try {
            for (int run = 1; run <= settings.runs; run++) {
                for (Entry entry : entries) {
                    Path dir = Files.createDirectory(root.resolve(entry.workload().name().toLowerCase(Locale.ROOT)
                            + "-" + (entry.store() == null ? "floor" : entry.store().name().toLowerCase(Locale.ROOT))
                            + "-" + run));
                    RunResult result;
                    try {
                        result = runInChild(entry, dir, settings);
                    } catch (ChildFailedException e) {
                        System.err.printf("%nFAILED: %s, %s, run %d: %s%n", entry.label(""), entry.workload().label(),
                                run, e.getMessage());
                        return 1;
                    } finally {
                        Directories.deleteRecursively(dir);
                    }
                    results.computeIfAbsent(entry, e -> new ArrayList<>()).add(result);
                    notes.put(entry, result.note());
                    System.err.printf("run %d  %-14s %-44s %,14.0f %s/s%n", run, entry.workload().label(),
                            entry.label(result.note()), result.opsPerSecond(), entry.workload().unit());
                }
            }
        } finally {
            if (settings.dir == null) {
                Directories.deleteRecursively(root);
            }
        }
        new ComparisonTable(results.entrySet().stream()
                .map(e -> new ComparisonTable.Row(e.getKey().workload(), e.getKey().store(),
                        e.getKey().label(notes.get(e.getKey())), e.getValue()))
                .toList()).print(System.out, settings.runs);
        return 0;
    }

    private static RunResult runInChild(Entry entry, Path dir, Settings settings)
            throws IOException, InterruptedException, ChildFailedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHILD_JVM_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PeerComparison.class.getName(), "run",
                entry.workload().name(), entry.store() == null ? "-" : entry.store().name(), dir.toString(),
                Long.toString(settings.warmUpMillis), Long.toString(settings.measureMillis)));
        if (entry.workload() == Workload.WORDFREQ) {
            command.add(settings.corpus.toString());
        }
        Path log = Files.createTempFile("peer-run", ".log");
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!child.waitFor(CHILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                child.destroyForcibly().waitFor();
                throw new ChildFailedException("no result after " + CHILD_TIMEOUT_MINUTES + " minutes");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            RunResult result = RunResult.find(output);
            if (child.exitValue() != 0 || result == null) {
                throw new ChildFailedException("exit status " + child.exitValue() + "\n" + output);
            }
            return result;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** A child JVM that failed, printed no result, or ran too long. */
    private static final class ChildFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        ChildFailedException(String message) {
            super(message);
        }
    }

    /** The command line of a comparison. */
    private static final class Settings {
        static final String USAGE = "usage: PeerComparison [--runs N] [--seconds S] [--warm-up S] [--dir DIR]"
                + " [--stores ferrite,sqlite,lmdb,mvstore,rocksdb] [--workloads bank-1,wordfreq,bank-1000,bank-1-async]"
                + " TEXT_FILE";
        int runs = 3;
        long measureMillis = 1_500;
        long warmUpMillis = 500;
        Path dir;
        List<Store> stores = List.of(Store.values());
        List<Workload> workloads = List.of(Workload.BANK_1, Workload.WORDFREQ, Workload.BANK_1000,
                Workload.BANK_1_ASYNC);
        Path corpus;

        static Settings parse(String[] args) {
            Settings s = new Settings();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (!arg.startsWith("--")) {
                    if (s.corpus != null) {
                        throw new IllegalArgumentException("one text file only: " + s.corpus + ", " + arg);
                    }
                    s.corpus = Path.of(arg);
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                String value = args[++i];
                switch (arg) {
                    case "--runs" -> s.runs = Integer.parseInt(value);
                    case "--seconds" -> s.measureMillis = Math.round(Double.parseDouble(value) * 1000);
                    case "--warm-up" -> s.warmUpMillis = Math.round(Double.parseDouble(value) * 1000);
                    case "--dir" -> s.dir = Path.of(value);
                    case "--stores" -> s.stores = Arrays.stream(value.split(","))
                            .map(n -> Store.valueOf(n.trim().toUpperCase(Locale.ROOT))).toList();
                    case "--workloads" -> s.workloads = Arrays.stream(value.split(","))
                            .map(n -> Workload.parse(n.trim())).filter(w -> w != Workload.SYNC_FLOOR).toList();
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (s.runs < 1 || s.measureMillis < 1 || s.warmUpMillis < 0) {
                throw new IllegalArgumentException("--runs and --seconds must be positive, --warm-up not negative");
            }
            if (s.workloads.contains(Workload.WORDFREQ)) {
                if (s.corpus == null) {
                    throw new IllegalArgumentException("wordfreq needs a text file, e.g. ../shared/data/tinyshakespeare.txt");
                }
                if (!Files.isRegularFile(s.corpus)) {
                    throw new IllegalArgumentException("no such file: " + s.corpus);
                }
                s.corpus = s.corpus.toAbsolutePath();
            }
            return s;
        }
    }
}
