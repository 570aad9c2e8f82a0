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
            SimHeap heap = new SimHeap(disk, retain);
            heap.grow(8);
            heap.commitStamped(0, 1, 2, 3, 4, 5, 6, 7);
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
                requireOneOf(state, retain, List.of(image1, image2), "operation " + n + " failed");
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
        SimHeap heap = new SimHeap(disk, retain);
        heap.grow(8);
        heap.commitStamped(0, 1, 2, 3, 4, 5, 6, 7);
        byte[] image1 = heap.memory.clone();
        AtomicReference<Map<String, byte[]>> interrupted = captureAtDataSync(disk);
        heap.commitStamped(0, 2, 4);
        int failures = 0;
        for (int n = 1; ; n++) {
            SimDisk d = SimDisk.of(SimHeap.DIR, interrupted.get());
            d.failAt(n);
            try {
                UndoProtocol.open(d, SimHeap.FILES, true, retain).close();
                break;
            } catch (IOException e) {
                failures++;
            }
            for (Map<String, byte[]> state : afterFailure(d)) {
                requireOneOf(state, retain, List.of(image1), "recovery operation " + n + " failed");
            }
        }
        System.out.printf("I/O errors (retain %d): %d failing operations of a recovery%n", retain, failures);
        assertTrue(failures >= 4);
    }

    /** Captures the disk as it is when the next commit has synced its data but not retired its log. */
    private static AtomicReference<Map<String, byte[]>> captureAtDataSync(SimDisk disk) {
        AtomicReference<Map<String, byte[]>> holder = new AtomicReference<>();
        disk.afterEachOperation(() -> {
            if (disk.lastMutation().equals("sync " + SimHeap.DATA) && holder.get() == null) {
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

    private static void requireOneOf(Map<String, byte[]> state, int retain, List<byte[]> images, String what)
            throws IOException {
        SimDisk d = SimDisk.of(SimHeap.DIR, state);
        try (UndoProtocol p = UndoProtocol.open(d, SimHeap.FILES, true, retain)) {
            long n = p.commitNumber();
            assertTrue(n >= 1 && n <= images.size(), what + ": reopened at commit " + n);
            assertArrayEquals(images.get((int) n - 1), SimHeap.data(d.currentView()), what + ": data of commit " + n);
        }
    }
}
