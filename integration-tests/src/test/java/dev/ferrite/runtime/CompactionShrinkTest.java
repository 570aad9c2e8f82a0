package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.runtime.testing.Account;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Heap#compact()} drops the regions it empties and cuts the file after the last one that
 * holds a record, in both commit modes: the logical size and the disk usage shrink, the data is
 * the same, and the heap grows again past the cut. A read-only process that maps the file while
 * the heap is compacted never faults (its reads past the new end would): the file is cut once it
 * has closed.
 */
class CompactionShrinkTest {
    @TempDir
    Path dir;

    private static HeapOptions options(CommitMode mode) {
        return HeapOptions.builder().commitMode(mode).build();
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void compactionCutsTheFileAfterTheLastRegionThatHoldsARecord(CommitMode mode) throws Exception {
        Path path = dir.resolve("shrink.heap");
        String content;
        try (Heap heap = Heap.open(path, options(mode))) {
            CompactionFixture.build(heap);
            heap.checkpoint();
            content = CompactionFixture.describe(heap);
            long sizeBefore = Files.size(path);
            assertEquals(sizeBefore, heap.info().size());
            long diskBefore = SpaceReleaseTest.diskBytes(path);
            CompactionReport plan = heap.planCompaction();

            CompactionReport report = heap.compact();
            assertEquals(sizeBefore, report.fileSizeBefore());
            assertTrue(report.fileSizeAfter() < sizeBefore, report.toString());
            assertTrue(report.fileSizeAfter() <= plan.fileSizeAfter(), plan + " " + report);
            assertEquals(report.fileSizeAfter(), Files.size(path), "the file is cut");
            assertEquals(report.fileSizeAfter(), heap.info().size(), "at the end of the last region kept");
            assertEquals(report.fileSizeAfter(), heap.space().fileSize());
            long diskAfter = SpaceReleaseTest.diskBytes(path);
            assertTrue(diskAfter <= diskBefore - 256 * 1024, "disk " + diskBefore + " -> " + diskAfter + " for " + report);
            // What the cut file holds on disk: no more than its size, plus the file system's own blocks.
            assertTrue(diskAfter <= report.fileSizeAfter() + 64 * 1024, "disk " + diskAfter + " for " + report);
            assertEquals(List.of(), heap.verify());
            assertEquals(content, CompactionFixture.describe(heap));

            // Growth past the cut again: the new regions read as zeros, and hold what is written.
            Account extra = heap.root("extra", Account.class);
            for (int i = 0; i < 400; i++) {
                Account a = heap.allocate(Account.class);
                a.memo("grown " + i + "z".repeat(8000));
                a.referrer(extra.referrer());
                extra.referrer(a);
            }
            heap.commit();
            assertTrue(Files.size(path) > report.fileSizeAfter(), "grew past the cut");
            assertEquals(List.of(), heap.verify());
        }
        try (Heap heap = Heap.open(path, options(mode))) {
            assertEquals(List.of(), heap.verify());
            assertEquals(content, CompactionFixture.describe(heap));
            Account a = heap.root("extra", Account.class).referrer();
            for (int i = 399; i >= 0; i--, a = a.referrer()) {
                assertEquals("grown " + i + "z".repeat(8000), a.memo());
                assertEquals(0, a.balance());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aReaderProcessOpenDuringTheCompactionNeverFaultsAndTheFileIsCutAfterItCloses(CommitMode mode)
            throws Exception {
        Path path = dir.resolve("read.heap");
        Path stop = dir.resolve("stop");
        try (Heap heap = Heap.open(path, options(mode))) {
            CompactionFixture.build(heap);
            heap.checkpoint();
            long sizeBefore = Files.size(path);
            Process reader = startReader(path, stop);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(reader.getInputStream(),
                    StandardCharsets.UTF_8))) {
                assertEquals("open", out.readLine());
                assertTrue(out.readLine().startsWith("read "));
                // The write-ahead mode's compaction checkpoints, which waits for the reader to close.
                CompletableFuture<CompactionReport> compaction = CompletableFuture.supplyAsync(heap::compact);
                if (mode == CommitMode.UNDO) {
                    CompactionReport report = compaction.get(60, TimeUnit.SECONDS);
                    assertEquals(sizeBefore, report.fileSizeAfter(), "not cut under the reader: " + report);
                    assertEquals(sizeBefore, Files.size(path));
                    assertTrue(heap.info().size() < sizeBefore, "the regions are dropped all the same");
                }
                // Two whole passes over every record the reader knows, after the compaction began.
                for (int pass = 0; pass < 2; pass++) {
                    String line = out.readLine();
                    assertTrue(line != null && line.startsWith("read "), () -> "reader: " + line + rest(out));
                }
                Files.createFile(stop);
                String last = out.readLine();
                assertTrue(reader.waitFor(60, TimeUnit.SECONDS), "the reader did not end");
                assertEquals(0, reader.exitValue(), () -> "reader: " + last + rest(out));
                compaction.get(60, TimeUnit.SECONDS);
            } finally {
                reader.destroyForcibly();
            }
            heap.commit(); // the cut put off for the reader happens now, if not already
            assertTrue(Files.size(path) < sizeBefore, Files.size(path) + " of " + sizeBefore);
            assertEquals(heap.info().size(), Files.size(path));
            assertEquals(List.of(), heap.verify());
        }
    }

    /** What the reader printed after {@code out}'s last line read, once it has ended. */
    private static String rest(BufferedReader out) {
        try {
            StringBuilder rest = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                rest.append('\n').append(line);
            }
            return rest.toString();
        } catch (IOException e) {
            return " (" + e + ")";
        }
    }

    private static Process startReader(Path heap, Path stop) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CompactionShrinkTest.class.getName(), heap.toString(), stop.toString())
                .redirectErrorStream(true)
                .start();
    }

    /**
     * The reader: opens the heap read-only and reads the bytes of every record it found at its open,
     * pass after pass, until the stop file appears. In the undo mode the records a compaction moved
     * away read as zeros, and half-moved structures may throw: that is the undo mode's documented
     * view of a writer's commits. A fault under the mapping (an {@link Error}) ends it with a failure.
     */
    public static void main(String[] args) throws Exception {
        Path stop = Path.of(args[1]);
        try (Heap heap = Heap.open(Path.of(args[0]), HeapOptions.builder().readOnly(true).build())) {
            System.out.println("open");
            System.out.flush();
            while (!Files.exists(stop)) {
                long[] sum = new long[1];
                try {
                    heap.forEachRecord(r -> {
                        for (long at = 0; at + 8 <= r.bytes().byteSize(); at += 8) {
                            sum[0] += r.bytes().get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, at);
                        }
                    });
                } catch (RuntimeException inconsistent) {
                    sum[0] = -1;
                }
                System.out.println("read " + sum[0]);
                System.out.flush();
            }
        }
        System.out.println("closed");
    }
}
