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
import java.util.stream.Stream;

/**
 * FAMS commit latency as a function of the number of dirty pages, fitted to a constant plus a
 * per-page cost, next to the floor of the same file system measured in the same run: a 4 KiB
 * {@code pwrite} + {@code fdatasync}, a 4 KiB {@code pwrite} alone, sequential write bandwidth,
 * and scattered pages written then synced. Two series: pages scattered over a 64 MiB file, and
 * one contiguous run of pages. After every commit, one 4 KiB {@code pwrite} + {@code fdatasync}
 * in a small file and one at a random page of a 64 MiB file give the floor of the protocol's two
 * syncs at the same moments. Also the cost of a {@code /proc/self/pagemap} scan per GiB mapped.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.ferrite.bench.fams.FamsCommitBench [directory]
 * </pre>
 *
 * The directory (default: a temporary one under {@code java.io.tmpdir}) must be on the file system
 * to measure. A plain harness rather than JMH: each point is a median over many commits, each of
 * which costs several fsyncs, so JIT warm-up is negligible next to the I/O being measured.
 */
public final class FamsCommitBench {
    private static final int PAGE = 4096;
    private static final int FILE_PAGES = 16_384;
    private static final int[] DIRTY = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000};
    /** Syncs in a commit that changes pages and keeps the file's size: log, data. */
    private static final int PROTOCOL_SYNCS = 2;

    private FamsCommitBench() {}

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0]))
                : Files.createTempDirectory("fams-bench");
        System.out.println("FAMS commit benchmark in " + dir + " (" + Files.getFileStore(dir).type() + ")");
        try {
            double syncMicros = pwriteFdatasyncMicros(dir);
            double pwriteMicros = pwriteMicros(dir);
            double bandwidth = sequentialBytesPerSecond(dir);
            double pageAtBandwidthMicros = PAGE / bandwidth * 1e6;
            double randomPageMicros = scatteredPageMicros(dir);
            System.out.printf("floor: 4 KiB pwrite+fdatasync %.1f us, 4 KiB pwrite %.2f us, sequential write+fsync"
                    + " %.0f MB/s (4 KiB = %.2f us), scattered 4 KiB pages written then fdatasync %.2f us/page%n",
                    syncMicros, pwriteMicros, bandwidth / 1e6, pageAtBandwidthMicros, randomPageMicros);

            Series scattered = commitLatencies(dir, false);
            report("scattered dirty pages", scattered);
            double sequentialPage = Math.max(pwriteMicros, pageAtBandwidthMicros);
            System.out.printf("  per page vs one scattered + one sequential 4 KiB write = %.2f us: ratio %.2f%n",
                    randomPageMicros + sequentialPage, scattered.fit[1] / (randomPageMicros + sequentialPage));
            Series contiguous = commitLatencies(dir, true);
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
     * Commit latencies at each point of {@link #DIRTY}.
     *
     * @param medians median latency per point, in microseconds
     * @param quartiles 25th percentile per point
     * @param fit the weighted fit of the medians: {constant, per page}
     * @param smallSync median 4 KiB pwrite + fdatasync in a small file, taken after each commit
     * @param placedSync median 4 KiB pwrite + fdatasync of a random page of a file as large as the
     *     committed one, taken after each commit: where the protocol's data sync writes
     */
    private record Series(double[] medians, double[] quartiles, double[] fit, double smallSync, double placedSync) {}

    private static void report(String what, Series s) {
        double[] fitQ = fit(DIRTY, s.quartiles);
        System.out.printf("%s: fit of medians: commit = %.1f us + %.2f us per dirty page%n", what, s.fit[0], s.fit[1]);
        System.out.printf("  fit of 25th percentiles (less disturbed by other load): %.1f us + %.2f us per page%n",
                fitQ[0], fitQ[1]);
        System.out.printf("  syncs after each commit: 4 KiB pwrite+fdatasync %.1f us in a small file, %.1f us at a"
                + " random page of a %d MiB file%n", s.smallSync, s.placedSync, FILE_PAGES * PAGE >> 20);
        System.out.printf("  constant vs %d x small-file sync = %.1f us: ratio %.2f%n", PROTOCOL_SYNCS,
                PROTOCOL_SYNCS * s.smallSync, s.fit[0] / (PROTOCOL_SYNCS * s.smallSync));
        System.out.printf("  constant vs the protocol's syncs where it makes them (log: small file, data: random"
                + " page) = %.1f us: ratio %.2f%n", s.smallSync + s.placedSync, s.fit[0] / (s.smallSync + s.placedSync));
    }

    /**
     * Commit latency per point of {@link #DIRTY}, the pages either scattered over the file or one
     * run at a random place. Each commit is followed by a 4 KiB pwrite + fdatasync in a small file
     * and one at a random page of a large file, on the same file system: on a shared machine the
     * floor moves, and a ratio is only meaningful against the floor of the same moments.
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
        List<Double> small = new ArrayList<>();
        List<Double> placed = new ArrayList<>();
        ByteBuffer probe = ByteBuffer.allocateDirect(PAGE);
        try (FamsFile f = FamsFile.open(file, options);
             FileChannel smallFile = floorFile(dir.resolve("bench-floor-small.dat"), 1 << 20);
             FileChannel largeFile = floorFile(dir.resolve("bench-floor-large.dat"), (long) FILE_PAGES * PAGE)) {
            MemorySegment m = f.segment();
            for (int p = 0; p < FILE_PAGES; p++) {
                touch(f, m, p, 1);  // every page non-zero, so each commit logs full images
            }
            f.commit();
            long value = 2;
            System.out.println((contiguous ? "contiguous" : "scattered") + " dirty pages   commits   median us   p25 us"
                    + "   min us   us/page   small sync us   placed sync us");
            for (int k = 0; k < DIRTY.length; k++) {
                int n = DIRTY[k];
                int reps = Math.max(7, Math.min(300, 8000 / n));
                double[] t = new double[reps];
                double[] smallHere = new double[reps];
                double[] placedHere = new double[reps];
                for (int r = 0; r < reps; r++) {
                    int first = random.nextInt(FILE_PAGES - n + 1);
                    int[] pages = contiguous ? java.util.stream.IntStream.range(first, first + n).toArray()
                            : distinctPages(random, n);
                    for (int p : pages) {
                        touch(f, m, p, value);
                    }
                    value++;
                    long start = System.nanoTime();
                    f.commit();
                    t[r] = (System.nanoTime() - start) / 1e3;
                    smallHere[r] = syncedWriteMicros(smallFile, probe, value, (long) (r % 256) * PAGE);
                    placedHere[r] = syncedWriteMicros(largeFile, probe, value, (long) random.nextInt(FILE_PAGES) * PAGE);
                    small.add(smallHere[r]);
                    placed.add(placedHere[r]);
                }
                medians[k] = median(t);
                quartiles[k] = quantile(t, 0.25);
                System.out.printf("%11d %9d %11.1f %8.1f %8.1f %9.2f   %13.1f   %14.1f%n", n, reps, medians[k],
                        quartiles[k], Arrays.stream(t).min().orElse(0), medians[k] / n, median(smallHere),
                        median(placedHere));
            }
        }
        return new Series(medians, quartiles, fit(DIRTY, medians), median(toArray(small)), median(toArray(placed)));
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
