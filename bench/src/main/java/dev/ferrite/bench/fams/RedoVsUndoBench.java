package dev.ferrite.bench.fams;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.DirtyTracking;
import dev.ferrite.fams.Durability;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

/**
 * One-page commits (one 8-byte field of a random page of a 64 MiB file, marked with
 * {@code markDirty}) in the undo mode, the write-ahead mode, and the write-ahead mode with
 * {@link Durability#ASYNC}, on one file system in the same run: blocks of commits of each mode
 * alternate, so that the moments each is measured at are alike. Reports median latencies, the
 * ratio of each to the undo mode, and the bytes of log each commit writes in the write-ahead
 * mode (its threshold set high, so that no checkpoint runs while it is measured).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.ferrite.bench.fams.RedoVsUndoBench [directory]
 * </pre>
 */
public final class RedoVsUndoBench {
    private static final int PAGE = 4096;
    private static final int FILE_PAGES = 16_384;
    private static final int BLOCK = 200;
    private static final int ROUNDS = 10;

    private RedoVsUndoBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0]))
                : Files.createTempDirectory("fams-redo-bench");
        System.out.println("one-page commits in " + dir + " (" + Files.getFileStore(dir).type() + ")");
        Random random = new Random(42);
        FamsOptions.Builder common = FamsOptions.builder().size((long) FILE_PAGES * PAGE)
                .dirtyTracking(DirtyTracking.EXPLICIT).checkpointThreshold(1L << 30);
        Path undoFile = dir.resolve("bench-undo.dat");
        Path redoFile = dir.resolve("bench-redo.dat");
        Path asyncFile = dir.resolve("bench-async.dat");
        double[] undo = new double[BLOCK * ROUNDS];
        double[] redo = new double[BLOCK * ROUNDS];
        double[] async = new double[BLOCK * ROUNDS];
        long logBytes = 0;
        long redoCommits = 0;
        // Every page non-zero. The redo files get it as commit 0, so that their logs start empty and
        // grow by exactly the frames appended while they are measured.
        java.nio.ByteBuffer content = java.nio.ByteBuffer.allocate(FILE_PAGES * PAGE);
        Arrays.fill(content.array(), (byte) 1);
        FamsFile.create(redoFile, content.duplicate(), (long) FILE_PAGES * PAGE);
        FamsFile.create(asyncFile, content.duplicate(), (long) FILE_PAGES * PAGE);
        try (FamsFile u = FamsFile.open(undoFile, common.commitMode(CommitMode.UNDO).build());
             FamsFile r = FamsFile.open(redoFile, common.commitMode(CommitMode.REDO).build());
             FamsFile a = FamsFile.open(asyncFile, common.commitMode(CommitMode.REDO).build())) {
            for (int p = 0; p < FILE_PAGES; p++) {
                touch(u, p, 1);
            }
            u.commit();
            long value = 2;
            for (int w = 0; w < 500; w++) { // warm-up
                touch(u, random.nextInt(FILE_PAGES), value++);
                u.commit();
                touch(r, random.nextInt(FILE_PAGES), value++);
                r.commit();
                touch(a, random.nextInt(FILE_PAGES), value++);
                a.commit(Durability.ASYNC);
            }
            Path redoLog = redoFile.resolveSibling(redoFile.getFileName() + ".fams-redo");
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < BLOCK; i++) {
                    touch(u, random.nextInt(FILE_PAGES), value++);
                    long start = System.nanoTime();
                    u.commit();
                    undo[round * BLOCK + i] = (System.nanoTime() - start) / 1e3;
                }
                long before = framesEnd(redoLog);
                for (int i = 0; i < BLOCK; i++) {
                    touch(r, random.nextInt(FILE_PAGES), value++);
                    long start = System.nanoTime();
                    r.commit();
                    redo[round * BLOCK + i] = (System.nanoTime() - start) / 1e3;
                }
                logBytes += framesEnd(redoLog) - before;
                redoCommits += BLOCK;
                for (int i = 0; i < BLOCK; i++) {
                    touch(a, random.nextInt(FILE_PAGES), value++);
                    long start = System.nanoTime();
                    a.commit(Durability.ASYNC);
                    async[round * BLOCK + i] = (System.nanoTime() - start) / 1e3;
                }
            }
            long start = System.nanoTime();
            r.checkpoint();
            System.out.printf("checkpoint of %d one-page commits: %.1f ms%n", redoCommits,
                    (System.nanoTime() - start) / 1e6);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    if (p.getFileName().toString().startsWith("bench-")) {
                        Files.delete(p);
                    }
                }
            }
        }
        double mu = median(undo);
        double mr = median(redo);
        double ma = median(async);
        System.out.printf("undo  (2 fdatasyncs): median %.1f us, p25 %.1f us%n", mu, quantile(undo, 0.25));
        System.out.printf("redo  (1 fdatasync):  median %.1f us, p25 %.1f us; ratio undo/redo %.2f%n", mr,
                quantile(redo, 0.25), mu / mr);
        System.out.printf("redo ASYNC:           median %.1f us, p25 %.1f us; ratio undo/async %.1f%n", ma,
                quantile(async, 0.25), mu / ma);
        System.out.printf("redo log bytes per one-page commit (8 bytes changed): %.1f%n",
                (double) logBytes / redoCommits);
    }

    /**
     * Where the frames in the log end: the log is written ahead with zeros, so its size says
     * nothing, but every frame ends with a CRC, so the last non-zero byte is (almost always) the
     * end of the last frame. No checkpoint runs while the bench measures, so the log only grows.
     */
    private static long framesEnd(Path log) throws IOException {
        byte[] bytes = Files.readAllBytes(log);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private static void touch(FamsFile f, int page, long value) {
        long at = (long) page * PAGE + (value % 512) * 8;
        f.segment().set(ValueLayout.JAVA_LONG, at, value);
        f.markDirty(at, 8);
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.round(q * (s.length - 1))];
    }
}
