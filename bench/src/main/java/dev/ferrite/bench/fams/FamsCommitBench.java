package dev.ferrite.bench.fams;

import dev.ferrite.fams.DirtyTracking;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.fams.dirty.PagemapScanner;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * FAMS commit latency as a function of the number of dirty pages, fitted to a constant plus a
 * per-page cost, next to the floor of the same file system measured in the same run: a 4 KiB
 * {@code pwrite} + {@code fdatasync}, a 4 KiB {@code pwrite} alone, sequential write bandwidth,
 * and scattered pages written then synced. Two series: pages scattered over a 64 MiB file, and
 * one contiguous run of pages. After every commit, its replay without the protocol (its pages
 * written in place in another file, as many 4 KiB appended to a log file, each file synced once)
 * is the floor it is fitted against, taken at the same moments; a 4 KiB {@code pwrite} + {@code
 * fdatasync} in a small file gives a stricter floor for the constant. Also the cost of a
 * {@code /proc/self/pagemap} scan per GiB mapped.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.ferrite.bench.fams.FamsCommitBench [directory]
 * </pre>
 *
 * The directory (default: a temporary one under {@code java.io.tmpdir}) must be on the file system
 * to measure. A plain harness rather than JMH: each point is a median over many commits, each of
 * which costs two fsyncs, after a thousand commits of warm-up.
 */
public final class FamsCommitBench {
    private static final int PAGE = 4096;
    private static final int FILE_PAGES = 16_384;
    private static final int[] DIRTY = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000};
    /** Syncs in a commit that changes pages and keeps the file's size: log, data. */
    private static final int PROTOCOL_SYNCS = 2;
    private static final int WARM_UP_COMMITS = 1000;
    /** The largest single write of the replay, as the protocol's largest write of a run of pages. */
    private static final int MAX_RUN_BYTES = 256 * PAGE;
    /** The size of the protocol's log writes. */
    private static final int LOG_CHUNK = 1 << 20;

    private FamsCommitBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0]))
                : Files.createTempDirectory("fams-bench");
        System.out.println("FAMS commit benchmark in " + dir + " (" + Files.getFileStore(dir).type() + ")");
        try {
            Series scattered = commitLatencies(dir, false);
            Series contiguous = commitLatencies(dir, true);
            // Last: writing a GiB leaves the disk busy for a while, which would slow the commits.
            double syncMicros = pwriteFdatasyncMicros(dir);
            double pwriteMicros = pwriteMicros(dir);
            double bandwidth = sequentialBytesPerSecond(dir);
            double sequentialPage = Math.max(pwriteMicros, PAGE / bandwidth * 1e6);
            double randomPageMicros = scatteredPageMicros(dir);
            System.out.printf("file system: 4 KiB pwrite+fdatasync %.1f us, 4 KiB pwrite %.2f us, sequential"
                    + " write+fsync %.0f MB/s (4 KiB = %.2f us), scattered 4 KiB pages written then fdatasync"
                    + " %.2f us/page%n", syncMicros, pwriteMicros, bandwidth / 1e6, PAGE / bandwidth * 1e6,
                    randomPageMicros);
            report("scattered dirty pages", scattered);
            System.out.printf("  per page vs one scattered 4 KiB write + one sequential 4 KiB write = %.2f us:"
                    + " ratio %.2f%n", randomPageMicros + sequentialPage,
                    scattered.fit[1] / (randomPageMicros + sequentialPage));
            report("contiguous dirty pages", contiguous);
            System.out.printf("  per page vs two sequential 4 KiB writes = %.2f us: ratio %.2f%n", 2 * sequentialPage,
                    contiguous.fit[1] / (2 * sequentialPage));

            pagemapScan(dir);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    if (p.getFileName().toString().startsWith("bench")) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static double pwriteFdatasyncMicros(Path dir) throws IOException {
        Path file = dir.resolve("bench-sync.dat");
        ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocateDirect(1 << 20), 0);
            ch.force(true);
            double[] t = new double[300];
            for (int i = 0; i < t.length; i++) {
                page.clear().putLong(0, i);
                long start = System.nanoTime();
                ch.write(page, (long) (i % 256) * PAGE);
                ch.force(false);
                t[i] = (System.nanoTime() - start) / 1e3;
            }
            return median(Arrays.copyOfRange(t, 50, t.length));
        }
    }

    private static double pwriteMicros(Path dir) throws IOException {
        Path file = dir.resolve("bench-pwrite.dat");
        ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            int n = 20_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                page.clear();
                ch.write(page, (long) (i % 4096) * PAGE);
            }
            return (System.nanoTime() - start) / 1e3 / n;
        }
    }

    /** Writes 2,000 distinct random pages of a 64 MiB file, then one fdatasync: the data half of a commit. */
    private static double scatteredPageMicros(Path dir) throws IOException {
        Path file = dir.resolve("bench-scatter.dat");
        ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
        Random random = new Random(7);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
            for (long at = 0; at < (long) FILE_PAGES * PAGE; at += chunk.capacity()) {
                chunk.clear();
                ch.write(chunk, at);
            }
            ch.force(true);
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                int[] pages = distinctPages(random, 2000);
                Arrays.sort(pages);
                long start = System.nanoTime();
                for (int p : pages) {
                    page.clear().putLong(0, round + 1);
                    ch.write(page, (long) p * PAGE);
                }
                ch.force(false);
                best = Math.min(best, (System.nanoTime() - start) / 1e3 / pages.length);
            }
            return best;
        }
    }

    private static double sequentialBytesPerSecond(Path dir) throws IOException {
        Path file = dir.resolve("bench-seq.dat");
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        long total = 256L << 20;
        double best = 0;
        for (int round = 0; round < 3; round++) {
            Files.deleteIfExists(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                long start = System.nanoTime();
                for (long at = 0; at < total; at += chunk.capacity()) {
                    chunk.clear();
                    ch.write(chunk, at);
                }
                ch.force(true);
                best = Math.max(best, total / ((System.nanoTime() - start) / 1e9));
            }
        }
        return best;
    }

    /**
     * Commit latencies at each point of {@link #DIRTY}, and the floor at the same moments.
     *
     * @param medians median commit latency per point, in microseconds
     * @param quartiles 25th percentile per point
     * @param fit the weighted fit of the medians: {constant, per page}
     * @param replayMedians median per point of the same writes and syncs without the protocol
     * @param replayFit the weighted fit of those
     * @param smallSync median 4 KiB pwrite + fdatasync in a small file, taken after each commit
     */
    private record Series(double[] medians, double[] quartiles, double[] fit, double[] replayMedians,
                          double[] replayFit, double smallSync) {}

    private static void report(String what, Series s) {
        double[] fitQ = fit(DIRTY, s.quartiles);
        System.out.printf("%s: fit of medians: commit = %.1f us + %.2f us per dirty page%n", what, s.fit[0], s.fit[1]);
        System.out.printf("  fit of 25th percentiles (less disturbed by other load): %.1f us + %.2f us per page%n",
                fitQ[0], fitQ[1]);
        System.out.printf("  the same writes and syncs without the protocol (pages in place, 4 KiB per page appended"
                + " to a log, each file synced): %.1f us + %.2f us per page%n", s.replayFit[0], s.replayFit[1]);
        System.out.printf("  constant vs those syncs: ratio %.2f; per page vs those writes: ratio %.2f%n",
                s.fit[0] / s.replayFit[0], s.fit[1] / s.replayFit[1]);
        System.out.printf("  constant vs %d x 4 KiB pwrite+fdatasync in a small file (%.1f us each): ratio %.2f%n",
                PROTOCOL_SYNCS, s.smallSync, s.fit[0] / (PROTOCOL_SYNCS * s.smallSync));
    }

    /**
     * Commit latency per point of {@link #DIRTY}, the pages either scattered over the file or one
     * run at a random place. Each commit is followed, on the same file system, by its replay
     * without the protocol (the same pages written to the same offsets of another 64 MiB file,
     * as many pages appended to a log file, each file synced once) and by one 4 KiB pwrite +
     * fdatasync in a small file: on a shared machine the floor moves, and a ratio is only
     * meaningful against the floor of the same moments.
     */
    private static Series commitLatencies(Path dir, boolean contiguous) throws IOException {
        Path file = dir.resolve("bench-commit.dat");
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir.resolve("bench-commit.dat.fams-log"));
        Random random = new Random(42);
        FamsOptions options = FamsOptions.builder().size((long) FILE_PAGES * PAGE)
                .dirtyTracking(DirtyTracking.EXPLICIT).build();
        double[] medians = new double[DIRTY.length];
        double[] quartiles = new double[DIRTY.length];
        double[] replayMedians = new double[DIRTY.length];
        List<Double> small = new ArrayList<>();
        ByteBuffer probe = ByteBuffer.allocateDirect(PAGE);
        ByteBuffer source = ByteBuffer.allocateDirect(FILE_PAGES * PAGE);
        new Random(1).ints(FILE_PAGES * PAGE / 4).forEach(source::putInt);
        try (FamsFile f = FamsFile.open(file, options);
             FileChannel smallFile = floorFile(dir.resolve("bench-floor-small.dat"), 1 << 20);
             FileChannel replayData = floorFile(dir.resolve("bench-floor-data.dat"), (long) FILE_PAGES * PAGE);
             FileChannel replayLog = floorFile(dir.resolve("bench-floor-log.dat"), (long) FILE_PAGES * PAGE)) {
            MemorySegment m = f.segment();
            for (int p = 0; p < FILE_PAGES; p++) {
                touch(f, m, p, 1);  // every page non-zero, so each commit logs full images
            }
            f.commit();
            long value = 2;
            // Steady state: the first few hundred commits after creating the file are slower
            // (measured here: about 130 us more for one page), whether from the JIT or the file system.
            for (int r = 0; r < WARM_UP_COMMITS; r++) {
                touch(f, m, random.nextInt(FILE_PAGES), value++);
                f.commit();
            }
            System.out.println((contiguous ? "contiguous" : "scattered") + " dirty pages   commits   median us   p25 us"
                    + "   min us   us/page   replay us   small sync us");
            for (int k = 0; k < DIRTY.length; k++) {
                int n = DIRTY[k];
                int reps = Math.max(7, Math.min(300, 8000 / n));
                double[] t = new double[reps];
                double[] replay = new double[reps];
                double[] smallHere = new double[reps];
                for (int r = 0; r < reps; r++) {
                    int first = random.nextInt(FILE_PAGES - n + 1);
                    int[] pages = contiguous ? IntStream.range(first, first + n).toArray() : distinctPages(random, n);
                    for (int p : pages) {
                        touch(f, m, p, value);
                    }
                    value++;
                    long start = System.nanoTime();
                    f.commit();
                    t[r] = (System.nanoTime() - start) / 1e3;
                    Arrays.sort(pages);
                    replay[r] = replayMicros(replayData, replayLog, pages, source);
                    smallHere[r] = syncedWriteMicros(smallFile, probe, value, (long) (r % 256) * PAGE);
                    small.add(smallHere[r]);
                }
                medians[k] = median(t);
                quartiles[k] = quantile(t, 0.25);
                replayMedians[k] = median(replay);
                System.out.printf("%11d %9d %11.1f %8.1f %8.1f %9.2f %11.1f %15.1f%n", n, reps, medians[k],
                        quartiles[k], Arrays.stream(t).min().orElse(0), medians[k] / n, replayMedians[k],
                        median(smallHere));
            }
        }
        return new Series(medians, quartiles, fit(DIRTY, medians), replayMedians, fit(DIRTY, replayMedians),
                median(toArray(small)));
    }

    /**
     * The writes a commit of {@code sortedPages} cannot avoid, with no protocol around them: as
     * many pages appended to a log with large writes, each run of consecutive pages written in
     * place with one write (at most {@link #MAX_RUN_BYTES}, as the protocol does), and one {@code
     * fdatasync} per file. The bytes come from {@code source}, a page of it per page written, so
     * that the memory they are copied from is as large as the protocol's, not one buffer the CPU
     * cache keeps.
     */
    private static double replayMicros(FileChannel data, FileChannel log, int[] sortedPages, ByteBuffer source)
            throws IOException {
        long start = System.nanoTime();
        long logBytes = (long) sortedPages.length * PAGE;
        for (long at = 0; at < logBytes; at += LOG_CHUNK) {
            log.write(source.slice((int) at, (int) Math.min(LOG_CHUNK, logBytes - at)), at);
        }
        log.force(false);
        int i = 0;
        while (i < sortedPages.length) {
            int j = i + 1;
            while (j < sortedPages.length && sortedPages[j] == sortedPages[j - 1] + 1 && (j - i) * PAGE < MAX_RUN_BYTES) {
                j++;
            }
            data.write(source.slice(sortedPages[i] * PAGE, (j - i) * PAGE), (long) sortedPages[i] * PAGE);
            i = j;
        }
        data.force(false);
        return (System.nanoTime() - start) / 1e3;
    }

    private static FileChannel floorFile(Path path, long size) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < size; at += chunk.capacity()) {
            chunk.clear();
            ch.write(chunk, at);
        }
        ch.force(true);
        return ch;
    }

    private static double syncedWriteMicros(FileChannel ch, ByteBuffer page, long value, long at) throws IOException {
        page.clear().putLong(0, value);
        long start = System.nanoTime();
        ch.write(page, at);
        ch.force(false);
        return (System.nanoTime() - start) / 1e3;
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void touch(FamsFile f, MemorySegment m, int page, long value) {
        m.set(ValueLayout.JAVA_LONG, (long) page * PAGE + (value % 512) * 8, value);
        f.markDirty((long) page * PAGE, PAGE);
    }

    private static int[] distinctPages(Random random, int n) {
        int[] all = new int[FILE_PAGES];
        Arrays.setAll(all, i -> i);
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(FILE_PAGES - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return Arrays.copyOf(all, n);
    }

    private static void pagemapScan(Path dir) throws IOException {
        String[] why = new String[1];
        PagemapScanner scanner = PagemapScanner.open(why);
        if (scanner == null) {
            System.out.println("pagemap scan: unavailable (" + why[0] + ")");
            return;
        }
        long gib = 1L << 30; // the scans below are per 16 GiB
        try (scanner; FamsFile f = FamsFile.open(dir.resolve("bench-scan.dat"),
                FamsOptions.builder().size(16 * gib).dirtyTracking(DirtyTracking.EXPLICIT).build())) {
            MemorySegment m = f.segment();
            for (long off = 0; off < 64L << 20; off += 64 * PAGE) {
                m.set(ValueLayout.JAVA_LONG, off, 1); // a few scattered written pages, most of the mapping untouched
            }
            System.out.printf("pagemap scan, ms per GiB mapped (16 GiB mapping, 256 written pages, median of 7):"
                    + " PAGEMAP_SCAN ioctl %s, reading 8 bytes per page %.2f%n",
                    scanner.usesScanIoctl() ? String.format("%.3f", scanMillisPerGib(() -> scanner.writtenPages(m)))
                            : "unavailable", scanMillisPerGib(() -> scanner.writtenPagesByReading(m)));
            f.rollback();
        }
    }

    private interface Scan {
        long[] run() throws IOException;
    }

    private static double scanMillisPerGib(Scan scan) throws IOException {
        double[] t = new double[7];
        for (int r = 0; r < t.length; r++) {
            long start = System.nanoTime();
            long[] written = scan.run();
            t[r] = (System.nanoTime() - start) / 1e6 / 16;
            if (written.length != 256) {
                throw new IllegalStateException("scan found " + written.length + " written pages, expected 256");
            }
        }
        return median(t);
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double at = q * (s.length - 1);
        int lo = (int) Math.floor(at);
        int hi = (int) Math.ceil(at);
        return s[lo] + (s[hi] - s[lo]) * (at - lo);
    }

    /**
     * Least squares fit of y = a + b x with weights 1/y^2, so that every point counts by its
     * relative error and the large commits do not drown the constant; returns {a, b}.
     */
    private static double[] fit(int[] x, double[] y) {
        double sw = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < x.length; i++) {
            double w = 1 / (y[i] * y[i]);
            sw += w;
            sx += w * x[i];
            sy += w * y[i];
            sxx += w * x[i] * (double) x[i];
            sxy += w * x[i] * y[i];
        }
        double b = (sw * sxy - sx * sy) / (sw * sxx - sx * sx);
        return new double[] {(sy - b * sx) / sw, b};
    }
}
