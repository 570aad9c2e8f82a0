package dev.ferrite.bench.fams;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.DirtyTracking;
import dev.ferrite.fams.Durability;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.fams.FamsStatistics;
import dev.ferrite.fams.RecoveryReport;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the write-ahead mode's log costs outside commits, on one file system:
 * <ul>
 *   <li><b>Recovery after a crash with a full log.</b> A child JVM commits into a 48 MiB file at
 *       the default checkpoint threshold (64 MiB) until the next commit would reach it, syncs, and
 *       halts without closing. A fresh JVM then times the next writable open, which replays the
 *       64 MiB of frames into the data file, syncs it and restarts the log; and, before it, a
 *       read-only open of the same state, which lays the frames over its view. With the page cache
 *       as the crash left it (a process crash) and, where this process may write
 *       {@code /proc/sys/vm/drop_caches}, with it dropped first (as after a power cut).</li>
 *   <li><b>A checkpoint's cost per MiB logged</b>, for logs of 4 to 48 MiB (the threshold set above
 *       them, so that only {@code checkpoint()} runs one; the frames are synced before it is
 *       timed).</li>
 * </ul>
 * Both for two shapes of commit: 16 whole pages rewritten (a frame of 64 KiB), and one 8-byte
 * field on each of 256 pages (256 lines of 64 bytes). Whole pages rewritten many times are
 * written into the data file once, so the table also gives the bytes the checkpoint wrote.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.ferrite.bench.fams.RedoRecoveryBench [directory]
 * </pre>
 */
public final class RedoRecoveryBench {
    private static final int PAGE = 4096;
    private static final int FILE_PAGES = 12_288;
    private static final long FILE_SIZE = (long) FILE_PAGES * PAGE;
    /** Larger than any frame this bench makes, smaller than the log's second doubling of zeros ahead. */
    private static final long ZEROS_AHEAD = 2L << 20;
    private static final long MIB = 1 << 20;
    private static final String FULL_LOG = "full-log";
    private static final String RECOVER = "recover";

    /** How each commit changes the file; every commit of a shape logs a frame of the same length. */
    enum Shape {
        WHOLE_PAGES("16 whole pages/commit") {
            @Override
            void change(FamsFile f, long c) {
                for (int i = 0; i < 16; i++) {
                    long at = (c * 16 + i) % FILE_PAGES * PAGE;
                    // Never the initial 1s, nor the value of this page's previous visit (768 commits earlier).
                    f.segment().asSlice(at, PAGE).fill((byte) (c % 251 + 2));
                    f.markDirty(at, PAGE);
                }
            }
        },
        LINES("1 line on each of 256 pages/commit") {
            @Override
            void change(FamsFile f, long c) {
                for (int i = 0; i < 256; i++) {
                    long at = (c * 97 + i * 48L) % FILE_PAGES * PAGE + c % 64 * 64;
                    f.segment().set(ValueLayout.JAVA_LONG, at, c + 2);
                    f.markDirty(at, 8);
                }
            }
        };

        final String label;

        Shape(String label) {
            this.label = label;
        }

        abstract void change(FamsFile f, long c);
    }

    private RedoRecoveryBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals(FULL_LOG)) {
            fillLogAndHalt(Path.of(args[1]), Shape.valueOf(args[2]));
            return;
        }
        if (args.length == 4 && args[0].equals(RECOVER)) {
            recover(Path.of(args[1]), Long.parseLong(args[2]), Boolean.parseBoolean(args[3]));
            return;
        }
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0]))
                : Files.createTempDirectory("fams-recovery-bench");
        System.out.println("write-ahead log in " + dir + " (" + Files.getFileStore(dir).type() + "), "
                + FILE_SIZE / MIB + " MiB data file");
        boolean canDrop = Files.isWritable(Path.of("/proc/sys/vm/drop_caches"));
        try {
            System.out.println();
            System.out.println("recovery in a fresh JVM after a crash with a full log (default threshold "
                    + FamsOptions.defaults().checkpointThreshold() / MIB + " MiB):");
            System.out.println("| commits | cache | log MiB | read-only open ms | writable open ms | MiB/s (writable) |");
            System.out.println("|---|---|---:|---:|---:|---:|");
            for (Shape shape : Shape.values()) {
                recovery(dir, shape, false);
                if (canDrop) {
                    recovery(dir, shape, true);
                }
            }
            System.out.println();
            System.out.println("checkpoint cost by log size:");
            System.out.println("| commits | log MiB | data MiB written | checkpoint ms | ms per MiB logged |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (Shape shape : Shape.values()) {
                for (long mib : new long[] {4, 16, 48}) {
                    checkpoint(dir, shape, mib * MIB);
                }
            }
        } finally {
            deleteBenchFiles(dir);
        }
    }

    private static FamsOptions.Builder options() {
        return FamsOptions.builder().size(FILE_SIZE).commitMode(CommitMode.REDO).dirtyTracking(DirtyTracking.EXPLICIT);
    }

    /** A data file of non-zero pages (no holes for the checkpoint to fill), as commit 0. */
    private static Path newFile(Path dir, String name) throws IOException {
        deleteBenchFiles(dir);
        Path file = dir.resolve(name);
        ByteBuffer content = ByteBuffer.allocate((int) FILE_SIZE);
        Arrays.fill(content.array(), (byte) 1);
        FamsFile.create(file, content, FILE_SIZE);
        return file;
    }

    private static void recovery(Path dir, Shape shape, boolean dropCaches) throws Exception {
        Path file = newFile(dir, "bench-recovery.dat");
        String[] filled = child(FULL_LOG, file.toString(), shape.name()).split(" ");
        long commits = Long.parseLong(filled[1]);
        long frameBytes = Long.parseLong(filled[3]);
        // Recovery runs in a fresh JVM, as after a real crash: its time includes the JIT's start.
        String[] times = child(RECOVER, file.toString(), Long.toString(commits), Boolean.toString(dropCaches))
                .split(" ");
        double readOnlyMs = Double.parseDouble(times[0]);
        double writableMs = Double.parseDouble(times[1]);
        double logMib = (double) frameBytes / MIB;
        System.out.printf("| %s | %s | %.1f | %.0f | %.0f | %.0f |%n", shape.label, dropCaches ? "dropped" : "warm",
                logMib, readOnlyMs, writableMs, logMib / (writableMs / 1e3));
    }

    /** Runs this class's {@code main} with {@code args} in a child JVM; returns what it printed. */
    private static String child(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                RedoRecoveryBench.class.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("the child JVM (" + args[0] + ") failed: " + out);
        }
        return out;
    }

    /**
     * The child that recovers: times a read-only open, then a writable one (each after dropping the
     * page cache if asked), checks that both found commit {@code commits}, prints both times in ms.
     */
    private static void recover(Path file, long commits, boolean dropCaches) throws IOException {
        if (dropCaches) {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        }
        long start = System.nanoTime();
        try (FamsFile reader = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            require(reader.commitNumber() == commits, "read-only open found commit " + reader.commitNumber());
        }
        double readOnlyMs = (System.nanoTime() - start) / 1e6;
        if (dropCaches) {
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
        }
        start = System.nanoTime();
        double writableMs;
        try (FamsFile f = FamsFile.open(file, options().build())) {
            writableMs = (System.nanoTime() - start) / 1e6;
            require(f.commitNumber() == commits, "writable open found commit " + f.commitNumber());
            require(f.recoveryReport().outcome() == RecoveryReport.Outcome.REPLAYED_LOG,
                    "writable open: " + f.recoveryReport());
        }
        System.out.println(readOnlyMs + " " + writableMs);
    }

    /**
     * The child: commits {@code shape} until the next commit would reach the threshold, syncs,
     * prints {@code commits N frames BYTES} and halts without closing the file.
     */
    private static void fillLogAndHalt(Path file, Shape shape) {
        FamsFile f = FamsFile.open(file, options().build());
        long threshold = FamsOptions.defaults().checkpointThreshold();
        long commits = 0;
        long logged = 0;
        long largest = 0;
        FamsStatistics before = f.statistics();
        // Frames of one shape differ in length (a page is logged as lines, then whole once, then as
        // its changed bytes), so stop one largest frame short of the threshold. A commit that also
        // wrote zeros ahead counts them; capping each at ZEROS_AHEAD keeps those doublings out.
        while (commits < 3 || logged + largest < threshold) {
            shape.change(f, commits);
            f.commit(Durability.ASYNC);
            FamsStatistics after = f.statistics();
            long frame = Math.min(after.bytesLogged() - before.bytesLogged(), ZEROS_AHEAD);
            logged += frame;
            largest = Math.max(largest, frame);
            before = after;
            commits++;
        }
        f.sync();
        if (f.statistics().checkpoints() != 0) {
            System.err.println("a checkpoint ran while the log was filled");
            Runtime.getRuntime().halt(2);
        }
        System.out.println("commits " + commits + " frames " + logged);
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private static void checkpoint(Path dir, Shape shape, long logBytes) throws IOException {
        Path file = newFile(dir, "bench-checkpoint.dat");
        try (FamsFile f = FamsFile.open(file, options().checkpointThreshold(1L << 30).build())) {
            long frames = 0;
            long c = 0;
            FamsStatistics before = f.statistics();
            long frame = Long.MAX_VALUE;
            while (frames < logBytes) {
                shape.change(f, c++);
                f.commit(Durability.ASYNC);
                FamsStatistics after = f.statistics();
                frame = Math.min(frame, after.bytesLogged() - before.bytesLogged());
                before = after;
                frames = c * frame;
            }
            f.sync();
            FamsStatistics start = f.statistics();
            long t0 = System.nanoTime();
            f.checkpoint();
            double ms = (System.nanoTime() - t0) / 1e6;
            FamsStatistics done = f.statistics();
            require(done.checkpoints() == start.checkpoints() + 1, "no checkpoint ran");
            double mib = (double) frames / MIB;
            System.out.printf("| %s | %.1f | %.1f | %.0f | %.2f |%n", shape.label, mib,
                    (double) (done.bytesWritten() - start.bytesWritten()) / MIB, ms, ms / mib);
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException(what);
        }
    }

    private static void deleteBenchFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().startsWith("bench-")) {
                    Files.delete(p);
                }
            }
        }
    }
}
