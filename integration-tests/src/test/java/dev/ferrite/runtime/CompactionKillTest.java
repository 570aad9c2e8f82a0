package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compaction SIGKILLed at a random instant leaves the heap entirely as it was or entirely
 * compacted: the same data either way, the old end of the used pages or the new one, and a heap
 * that verifies clean.
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
        try (Heap heap = Heap.open(template, OPTIONS)) {
            CompactionFixture.build(heap);
            content = CompactionFixture.describe(heap);
            extentBefore = heap.space().extent();
        }
        Path whole = copy(template, "whole.heap");
        assertTrue(runAndKill(whole, Long.MAX_VALUE), "the compaction finished");
        // From the child's open to its end: the kills land in that span, the first at its start,
        // before the compaction can have committed, so that both outcomes are always checked.
        long duration = Math.max(1, lastRunNanos);
        long extentAfter;
        try (Heap heap = Heap.open(whole, OPTIONS)) {
            extentAfter = heap.space().extent();
            assertTrue(extentAfter < extentBefore, extentBefore + " -> " + extentAfter);
        }
        long seed = new SplittableRandom().nextLong();
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
            }
        }
        assertTrue(unfinished > 0, "seed " + seed + ": every kill came after the compaction had committed");
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
     * it is done by then), and says whether it had finished the compaction.
     */
    private static boolean runAndKill(Path heap, long delayNanos) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CompactionKillTest.class.getName(), heap.toString())
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

    /** The child: opens the heap, says so, compacts it and says so. */
    public static void main(String[] args) {
        try (Heap heap = Heap.open(Path.of(args[0]), OPTIONS)) {
            System.out.println("open");
            System.out.flush();
            heap.compact();
            System.out.println("compacted");
        }
    }
}
