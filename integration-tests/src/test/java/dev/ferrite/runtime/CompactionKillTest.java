package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A compaction SIGKILLed at a random instant leaves the heap entirely as it was or entirely
 * compacted: the same data either way, the old end of the used pages or the new one, and a heap
 * that verifies clean. The file is cut after the compaction's commit: whenever the kill came, the
 * next open leaves the file at the heap's size, the old one or the new one. A kill between the
 * log's record of the cut and the cut itself (a crashpoint, in both commit modes) leaves a file
 * longer than its heap, which opens and is cut then.
 */
class CompactionKillTest {
    private static final HeapOptions OPTIONS = HeapOptions.builder().capacity(16 << 20).build();
    private static final int ROUNDS = 8;

    @TempDir
    Path dir;

    @Test
    void aKilledCompactionLeavesTheHeapEntirelyAsItWasOrEntirelyCompacted() throws Exception {
        Path template = dir.resolve("template.heap");
        String content;
        long extentBefore;
        long sizeBefore;
        try (Heap heap = Heap.open(template, OPTIONS)) {
            CompactionFixture.build(heap);
            content = CompactionFixture.describe(heap);
            extentBefore = heap.space().extent();
        }
        sizeBefore = Files.size(template);
        Path whole = copy(template, "whole.heap");
        assertTrue(runAndKill(whole, Long.MAX_VALUE), "the compaction finished");
        // From the child's open to its end: the kills land in that span, the first before the
        // compaction starts (the child waits for it), so that both outcomes are always checked.
        long duration = Math.max(1, lastRunNanos);
        long extentAfter;
        long sizeAfter = Files.size(whole);
        assertTrue(sizeAfter < sizeBefore, "the file is cut: " + sizeBefore + " -> " + sizeAfter);
        try (Heap heap = Heap.open(whole, OPTIONS)) {
            extentAfter = heap.space().extent();
            assertTrue(extentAfter < extentBefore, extentBefore + " -> " + extentAfter);
            assertEquals(sizeAfter, heap.info().size());
        }
        long seed = new SplittableRandom().nextLong();
        System.out.println("CompactionKillTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        int unfinished = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path heapFile = copy(template, "round" + round + ".heap");
            boolean finished = runAndKill(heapFile, round == 0 ? 0 : random.nextLong(duration));
            String where = "seed " + seed + ", round " + round;
            try (Heap heap = Heap.open(heapFile, OPTIONS)) {
                long extent = heap.space().extent();
                assertTrue(extent == extentBefore || extent == extentAfter,
                        where + ": extent " + extent + ", neither " + extentBefore + " nor " + extentAfter);
                if (finished) {
                    assertEquals(extentAfter, extent, where);
                }
                if (extent == extentBefore) {
                    unfinished++;
                }
                assertEquals(List.of(), heap.verify(), where);
                assertEquals(content, CompactionFixture.describe(heap), where);
                assertEquals(extent == extentBefore ? sizeBefore : sizeAfter, Files.size(heapFile), where);
            }
        }
        assertTrue(unfinished > 0, "seed " + seed + ": every kill came after the compaction had committed");
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aKillBetweenTheRecordOfTheCutAndTheCutLeavesAFileThatOpensAndIsCut(CommitMode mode) throws Exception {
        Path path = dir.resolve("cut.heap");
        HeapOptions options = HeapOptions.builder().capacity(16 << 20).commitMode(mode).build();
        String content;
        try (Heap heap = Heap.open(path, options)) {
            CompactionFixture.build(heap);
            content = CompactionFixture.describe(heap);
        }
        long sizeBefore = Files.size(path);
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-Dferrite.fams.crashpoint=TRUNCATE_RECORDED", "-cp", System.getProperty("java.class.path"),
                CompactionKillTest.class.getName(), path.toString(), mode.name())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        // The exit status of a FAMS crashpoint (dev.ferrite.fams.crash.Crashpoint.EXIT_STATUS).
        assertEquals(86, child.exitValue(), "the child stopped at the crashpoint: " + output);
        assertEquals(sizeBefore, Files.size(path), "the cut was recorded, not done");
        try (Heap heap = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
            assertTrue(heap.info().size() < sizeBefore, "the heap is compacted, its file longer than it");
            assertEquals(content, CompactionFixture.describe(heap));
        }
        try (Heap heap = Heap.open(path, options)) {
            assertEquals(heap.info().size(), Files.size(path), "the open cuts the file");
            assertEquals(List.of(), heap.verify());
            assertEquals(content, CompactionFixture.describe(heap));
        }
    }

    /**
     * A copy of the heap under another name, as sparse as the original; without its log, which
     * names the file it belongs to and holds nothing after a close.
     */
    private Path copy(Path heap, String name) throws IOException, InterruptedException {
        Path target = dir.resolve(name);
        Process cp = new ProcessBuilder("cp", "--sparse=always", heap.toString(), target.toString()).start();
        assertEquals(0, cp.waitFor());
        return target;
    }

    /** How long the last child ran after it opened the heap, in nanoseconds. */
    private static long lastRunNanos;

    /**
     * Runs the child on {@code heap}, kills it {@code delayNanos} after it opened the heap (unless
     * it is done by then), and says whether it had finished the compaction. With a delay of 0 the
     * child waits after it opened the heap until it is killed: a kill before the compaction, however
     * late the scheduler lets this process send it.
     */
    private static boolean runAndKill(Path heap, long delayNanos) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CompactionKillTest.class.getName(), heap.toString(),
                delayNanos == 0 ? HOLD : GO)
                .redirectErrorStream(true)
                .start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line = out.readLine();
            if (!"open".equals(line)) {
                throw new AssertionError("child: " + line);
            }
            long opened = System.nanoTime();
            if (delayNanos != Long.MAX_VALUE && !child.waitFor(delayNanos, TimeUnit.NANOSECONDS)) {
                child.toHandle().destroyForcibly();
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child did not end");
            lastRunNanos = System.nanoTime() - opened;
            for (line = out.readLine(); line != null; line = out.readLine()) {
                output.append(line).append('\n');
            }
        }
        if (delayNanos == Long.MAX_VALUE) {
            assertEquals(0, child.exitValue(), output.toString());
        }
        return output.toString().contains("compacted");
    }

    /** The child's second argument that makes it wait, once it has opened the heap, until it is killed. */
    private static final String HOLD = "hold";
    /** The child's second argument that makes it compact at once. */
    private static final String GO = "go";

    /**
     * The child: opens the heap, says so, compacts it and says so. Its second argument is a
     * commit mode, {@link #HOLD} or {@link #GO}.
     */
    public static void main(String[] args) throws IOException {
        boolean hold = args[1].equals(HOLD);
        HeapOptions options = !hold && !args[1].equals(GO)
                ? HeapOptions.builder().capacity(16 << 20).commitMode(CommitMode.valueOf(args[1])).build() : OPTIONS;
        try (Heap heap = Heap.open(Path.of(args[0]), options)) {
            System.out.println("open");
            System.out.flush();
            while (hold && System.in.read() >= 0) {
                // until killed
            }
            heap.compact();
            System.out.println("compacted");
        }
    }
}
