package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.testing.Account;
import dev.ferrite.test.PowerCutReport;
import dev.ferrite.test.PowerCuts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Growth is part of a commit like any other change: a power cut at any instant of commits that
 * grow the heap, and a SIGKILL at a random step of a writer that keeps growing it, leave exactly a
 * commit, with every record of it and nothing damaged.
 */
class GrowthCrashTest {
    private static final long SEED = 20261206L;

    @TempDir
    Path dir;

    /** Appends one record holding {@code bytes} of text to the chain under root "main". */
    static void appendRecord(Heap heap, int bytes) {
        Account main = heap.root("main", Account.class);
        long n = main.balance();
        Account record = heap.allocate(Account.class);
        record.id(n);
        record.memo(text(n, bytes));
        record.referrer(main.referrer());
        main.referrer(record);
        main.balance(n + 1);
    }

    private static String text(long n, int bytes) {
        String head = "record " + n + " ";
        return head + String.valueOf((char) ('a' + n % 26)).repeat(bytes - head.length());
    }

    /** Checks that the chain holds all of the records its root counts, and that the heap is sound; returns the count. */
    static long checkChain(Heap heap, int bytes) {
        Account main = heap.root("main", Account.class);
        long n = main.balance();
        long count = n;
        for (Account record = main.referrer(); record != null; record = record.referrer()) {
            n--;
            assertEquals(n, record.id());
            assertEquals(text(n, bytes), record.memo());
        }
        assertEquals(0, n, "the chain holds every record its root counts");
        assertEquals(List.of(), heap.verify());
        return count;
    }

    /**
     * Three commits of a 600 KB record each, in the default write-ahead mode, from a heap of 1 MiB:
     * the second and third commits each add a region. Every disk a power cut can leave opens as
     * one of the commits, whole.
     */
    @Test
    void everyPowerCutDuringGrowingCommitsLeavesACommit() {
        int bytes = 600 << 10;
        PowerCutReport report = PowerCuts.of(heapFile -> {
                    try (Heap heap = Heap.open(heapFile)) {
                        for (int i = 0; i < 3; i++) {
                            appendRecord(heap, bytes);
                            heap.commit();
                        }
                        assertTrue(heap.info().size() > 2 * HeapOptions.INITIAL_SIZE, "the workload grows the heap");
                    }
                })
                .startingFrom(heapFile -> {
                    try (Heap heap = Heap.open(heapFile)) {
                        heap.root("main", Account.class);
                        heap.commit();
                    }
                })
                .invariant(heap -> checkChain(heap, bytes))
                .seed(SEED)
                .run();
        assertTrue(report.crashPoints() >= 6, report.toString());
    }

    /**
     * A child JVM appends a 64 KiB record per commit, forever, growing the heap from 1 MiB; it is
     * killed at a random step five times. Each time the reopened heap holds exactly a step it
     * committed (the last it reported, or the one in flight) and is sound.
     */
    @Test
    void aKilledWriterThatKeepsGrowingLeavesExactlyACommittedStep() throws Exception {
        Path file = dir.resolve("kill.heap");
        long last = 0;
        for (int kill = 0; kill < 5; kill++) {
            long reported = CommittingChild.runAndKill(GrowthCrashTest.class, file, 10 + kill * 9);
            try (Heap heap = Heap.open(file)) {
                long count = checkChain(heap, 64 << 10);
                assertTrue(count == reported || count == reported + 1, "count " + count + ", reported " + reported);
                assertTrue(count > last, "a committed step was lost: " + count + " after " + last);
                last = count;
            }
        }
        try (Heap heap = Heap.open(file)) {
            assertTrue(heap.info().size() > 4 * HeapOptions.INITIAL_SIZE, "grew: " + heap.info().size());
        }
    }

    /** The child: one 64 KiB record per commit, forever; prints the count after each commit. */
    public static void main(String[] args) {
        try (Heap heap = Heap.open(Path.of(args[0]))) {
            while (true) {
                appendRecord(heap, 64 << 10);
                long count = heap.root("main", Account.class).balance();
                heap.commit();
                System.out.println("committed " + count);
                System.out.flush();
            }
        }
    }
}
