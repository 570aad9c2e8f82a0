package dev.ferrite.fams.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferrite.fams.protocol.UndoProtocol;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fails the n-th storage operation of a commit (and of a recovery), for every n until the
 * operation succeeds: the call must throw, and reopening, whether the process went on or the power
 * was cut right after, must find exactly commit k-1 or commit k.
 */
class IoErrorTest {

    @ParameterizedTest(name = "retain {0}")
    @ValueSource(ints = {0, 2})
    void failingAnyOperationOfACommit(int retain) throws IOException {
        int failures = 0;
        for (int n = 1; ; n++) {
            SimDisk disk = new SimDisk(SimHeap.DIR);
            SimHeap heap = SimHeap.atCommit1(disk, retain, 8);
            byte[] image1 = heap.memory.clone();
            disk.failAt(n);
            try {
                heap.grow(10);
                heap.commitStamped(0, 3, 9);
                if (n == 1) {
                    fail("the injected error never fired");
                }
                break;
            } catch (IOException e) {
                assertTrue(e.getMessage().contains("injected"), e.toString());
                failures++;
            }
            byte[] image2 = java.util.Arrays.copyOf(image1, 10 * SimHeap.PAGE);
            Stamps.stamp(image2, 2, 0);
            Stamps.stamp(image2, 2, 3);
            Stamps.stamp(image2, 2, 9);
            for (Map<String, byte[]> state : afterFailure(disk)) {
                requireOneOf(state, retain, Map.of(1L, image1, 2L, image2), "operation " + n + " failed");
            }
        }
        System.out.printf("I/O errors (retain %d): %d failing operations of a commit, each reopened twice%n",
                retain, failures);
        assertTrue(failures >= 6);
    }

    @ParameterizedTest(name = "retain {0}")
    @ValueSource(ints = {0, 2})
    void failingAnyOperationOfARecovery(int retain) throws IOException {
        SimDisk disk = new SimDisk(SimHeap.DIR);
        SimHeap heap = SimHeap.atCommit1(disk, retain, 8);
        byte[] image1 = heap.memory.clone();
        AtomicReference<Map<String, byte[]>> interrupted = captureAfter(disk, "write " + SimHeap.DATA);
        heap.commitStamped(0, 2, 4);
        int failures = failEveryRecoveryOperation(interrupted.get(), retain, Map.of(1L, image1));
        System.out.printf("I/O errors (retain %d): %d failing operations of a recovery%n", retain, failures);
        assertTrue(failures >= 4);
    }

    /** A commit whose data file was synced, its log not retired: the commit returned and must stay. */
    @Test
    void failingAnyOperationOfARecoveryThatKeepsACompleteCommit() throws IOException {
        SimDisk disk = new SimDisk(SimHeap.DIR);
        SimHeap heap = SimHeap.atCommit1(disk, 0, 8);
        AtomicReference<Map<String, byte[]>> complete = captureAfter(disk, "sync " + SimHeap.DATA);
        heap.commitStamped(0, 2, 4);
        int failures = failEveryRecoveryOperation(complete.get(), 0, Map.of(2L, heap.memory.clone()));
        System.out.printf("I/O errors: %d failing operations of a recovery that keeps a complete commit%n", failures);
        assertTrue(failures >= 3);
    }

    private static int failEveryRecoveryOperation(Map<String, byte[]> start, int retain, Map<Long, byte[]> allowed)
            throws IOException {
        int failures = 0;
        for (int n = 1; ; n++) {
            SimDisk d = SimDisk.of(SimHeap.DIR, start);
            d.failAt(n);
            try {
                UndoProtocol.open(d, SimHeap.FILES, true, retain).close();
                return failures;
            } catch (IOException e) {
                failures++;
            }
            for (Map<String, byte[]> state : afterFailure(d)) {
                requireOneOf(state, retain, allowed, "recovery operation " + n + " failed");
            }
        }
    }

    /** Captures the disk as it is right after the first operation described as {@code mutation}. */
    private static AtomicReference<Map<String, byte[]>> captureAfter(SimDisk disk, String mutation) {
        AtomicReference<Map<String, byte[]>> holder = new AtomicReference<>();
        disk.afterEachOperation(() -> {
            if (disk.lastMutation().equals(mutation) && holder.get() == null) {
                holder.set(disk.currentView());
            }
        });
        return holder;
    }

    /** The process went on (everything the kernel accepted is there), or the power failed (nothing unsynced is). */
    private static List<Map<String, byte[]>> afterFailure(SimDisk disk) {
        List<Map<String, byte[]>> states = new ArrayList<>();
        states.add(disk.currentView());
        new CrashStates(0, 0, 1).enumerate(disk.pendingState(), s -> {
            if (states.size() < 2) {
                states.add(s); // the first state enumerated is "every pending operation lost"
            }
        });
        return states;
    }

    private static void requireOneOf(Map<String, byte[]> state, int retain, Map<Long, byte[]> allowed, String what)
            throws IOException {
        SimDisk d = SimDisk.of(SimHeap.DIR, state);
        try (UndoProtocol p = UndoProtocol.open(d, SimHeap.FILES, true, retain)) {
            long n = p.commitNumber();
            assertTrue(allowed.containsKey(n), what + ": reopened at commit " + n + ", expected one of " + allowed.keySet());
            assertArrayEquals(allowed.get(n), SimHeap.data(d.currentView()), what + ": data of commit " + n);
        }
    }
}
