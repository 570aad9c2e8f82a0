package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.test.PowerCutReport;
import dev.ferrite.test.PowerCuts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A raised bound is committed like any other change: a power cut at any instant of a reopen with
 * a larger capacity and the growth into it, and {@code ferrite grow --capacity} killed at random
 * instants, leave the heap at the old bound or the new one, with every record of a commit.
 */
class BoundRaiseCrashTest {
    private static final long OLD = 2 << 20;
    private static final long NEW = 8 << 20;
    private static final int BYTES = 300 << 10;
    private static final int RECORDS = 4;
    private static final long SEED = 20261207L;

    @TempDir
    Path dir;

    private static void fill(Path heapFile) {
        try (Heap heap = Heap.open(heapFile, HeapOptions.builder().capacity(OLD).build())) {
            for (int i = 0; i < RECORDS; i++) {
                GrowthCrashTest.appendRecord(heap, BYTES);
                heap.commit();
            }
        }
    }

    /** The heap holds a whole commit's records, at the old bound or the new one, and only the new one lets it pass the old. */
    private static long checkBound(Heap heap) {
        long count = GrowthCrashTest.checkChain(heap, BYTES);
        long bound = heap.info().capacity();
        assertTrue(bound == OLD || bound == NEW, "bound " + bound);
        if (count > RECORDS || heap.info().size() > OLD) {
            assertEquals(NEW, bound, "grew past the old bound: " + count + " records, " + heap.info().size() + " bytes");
        }
        return bound;
    }

    @Test
    void everyPowerCutWhileReopeningWithALargerCapacityAndGrowingIntoItLeavesACommitAtEitherBound() {
        PowerCutReport report = PowerCuts.of(heapFile -> {
                    try (Heap heap = Heap.open(heapFile, HeapOptions.builder().capacity(NEW).build())) {
                        for (int i = 0; i < RECORDS; i++) {
                            GrowthCrashTest.appendRecord(heap, BYTES);
                            heap.commit();
                        }
                        assertTrue(heap.info().size() > OLD, "the workload grows past the old bound");
                    }
                })
                .startingFrom(BoundRaiseCrashTest::fill)
                .invariant(BoundRaiseCrashTest::checkBound)
                .seed(SEED)
                .run();
        assertTrue(report.crashPoints() >= RECORDS, report.toString());
    }

    /**
     * A process that stops after the raise was committed to the write-ahead log, before a
     * checkpoint, leaves the old bound in the data file: the next open without a capacity still
     * reserves the new one.
     */
    @Test
    void aRaiseOnlyInTheWriteAheadLogStillReservesTheNewBound() throws Exception {
        Path heapFile = dir.resolve("bank.heap");
        fill(heapFile);
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                        System.getProperty("java.class.path"), RaiseAndHalt.class.getName(), heapFile.toString())
                .redirectErrorStream(true)
                .start();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(RaiseAndHalt.HALTED, child.exitValue(), new String(child.getInputStream().readAllBytes()));
        try (Heap heap = Heap.open(heapFile)) {
            assertEquals(NEW, heap.info().capacity());
            for (int i = 0; i < RECORDS; i++) {
                GrowthCrashTest.appendRecord(heap, BYTES);
                heap.commit();
            }
            checkBound(heap);
        }
    }

    /** Raises the bound of the heap in {@code args[0]} and stops at once, without a checkpoint. */
    static final class RaiseAndHalt {
        static final int HALTED = 42;

        public static void main(String[] args) {
            Heap heap = Heap.open(Path.of(args[0]), HeapOptions.builder().capacity(NEW).build());
            Runtime.getRuntime().halt(heap.info().capacity() == NEW ? HALTED : 1);
        }
    }

    /** Runs {@code ferrite} with its arguments once its standard input ends: never, for a child killed first. */
    static final class HoldThenRun {
        public static void main(String[] args) throws IOException {
            while (System.in.read() >= 0) {
                // until the input ends or the process is killed
            }
            dev.ferrite.cli.FerriteCommand.main(args);
        }
    }

    @Test
    void aKilledFerriteGrowLeavesTheOldOrTheNewBoundWithTheDataIntact() throws Exception {
        Path whole = dir.resolve("whole.heap");
        fill(whole);
        long started = System.nanoTime();
        Process child = ferriteGrow(whole);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        long duration = System.nanoTime() - started;
        assertEquals(0, child.exitValue(), new String(child.getInputStream().readAllBytes()));
        try (Heap heap = Heap.open(whole)) {
            assertEquals(NEW, checkBound(heap));
        }
        long seed = new SplittableRandom().nextLong();
        System.out.println("BoundRaiseCrashTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        int old = 0;
        for (int round = 0; round < 6; round++) {
            Path heapFile = dir.resolve("round" + round + ".heap");
            fill(heapFile);
            // The first child waits to be killed before it runs the command, however late the kill comes.
            Process killed = round == 0 ? ferriteGrow(heapFile, HoldThenRun.class.getName()) : ferriteGrow(heapFile);
            if (!killed.waitFor(round == 0 ? 0 : random.nextLong(duration), TimeUnit.NANOSECONDS)) {
                killed.toHandle().destroyForcibly();
            }
            assertTrue(killed.waitFor(60, TimeUnit.SECONDS));
            try (Heap heap = Heap.open(heapFile)) {
                if (checkBound(heap) == OLD) {
                    old++;
                }
                // Whichever bound it has, the heap goes on: at the new one it grows past the old.
                if (heap.info().capacity() == NEW) {
                    for (int i = 0; i < RECORDS; i++) {
                        GrowthCrashTest.appendRecord(heap, BYTES);
                        heap.commit();
                    }
                    checkBound(heap);
                }
            }
        }
        assertTrue(old > 0, "seed " + seed + ": every kill came after the bound was committed");
    }

    private static Process ferriteGrow(Path heap) throws IOException {
        return ferriteGrow(heap, "dev.ferrite.cli.FerriteCommand");
    }

    private static Process ferriteGrow(Path heap, String mainClass) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                mainClass, "grow", heap.toString(), "--capacity", "8m")
                .redirectErrorStream(true)
                .start();
    }
}
