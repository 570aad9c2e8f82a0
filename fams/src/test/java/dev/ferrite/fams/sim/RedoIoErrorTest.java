package dev.ferrite.fams.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.protocol.RedoProtocol;
import dev.ferrite.fams.protocol.UndoProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link IoErrorTest} for the write-ahead mode: fails the n-th storage operation of a commit
 * (synchronous, or asynchronous and then synced), of a checkpoint, of a recovery that replays the
 * log and of the switch from the undo log, for every n until the step succeeds. The call must
 * throw, and reopening, whether the process went on or the power was cut right after, must find
 * exactly a commit that may be there: the last that returned durable, or a later one whole.
 */
class RedoIoErrorTest {
    private static final Path DIR = Path.of("/simulated");
    private static final LogFiles FILES = new LogFiles(DIR.resolve("heap.dat"));
    private static final int PAGE = Stamps.PAGE;
    private static final long THRESHOLD = 1 << 20;

    /** A data file driven by the redo protocol; {@code images.get(k)} is commit k. */
    private static final class Heap {
        final RedoProtocol protocol;
        final List<byte[]> images = new ArrayList<>(List.of(new byte[0]));
        byte[] memory = new byte[0];

        Heap(SimDisk disk) throws IOException {
            protocol = RedoProtocol.open(disk, FILES, true, THRESHOLD);
        }

        void grow(int pages) throws IOException {
            memory = Arrays.copyOf(memory, pages * PAGE);
            protocol.ensureSize(memory.length);
        }

        void commitStamped(boolean sync, long... pages) throws IOException {
            long next = protocol.commitNumber() + 1;
            for (long p : pages) {
                Stamps.stamp(memory, next, p);
            }
            images.add(memory.clone());
            protocol.commit(pages, (off, len) -> ByteBuffer.wrap(memory, (int) off, len).asReadOnlyBuffer(),
                    memory.length, sync);
        }

        /** Commit 1 with 8 stamped pages, checkpointed. */
        static Heap atCommit1(SimDisk disk) throws IOException {
            Heap heap = new Heap(disk);
            heap.grow(8);
            heap.commitStamped(true, LongStream.range(0, 8).toArray());
            heap.protocol.checkpoint();
            return heap;
        }
    }

    @ParameterizedTest(name = "synchronous {0}")
    @ValueSource(booleans = {true, false})
    void failingAnyOperationOfACommit(boolean sync) throws IOException {
        int failures = 0;
        for (int n = 1; ; n++) {
            SimDisk disk = new SimDisk(DIR);
            Heap heap = Heap.atCommit1(disk);
            disk.failAt(n);
            try {
                heap.grow(10);
                heap.commitStamped(sync, 0, 3, 9);
                heap.protocol.sync();
                if (n == 1) {
                    fail("the injected error never fired");
                }
                break;
            } catch (IOException e) {
                assertTrue(e.getMessage().contains("injected"), e.toString());
                failures++;
            }
            requireOneOf(disk, heap.images, 1, 2, "operation " + n + " of a commit failed");
        }
        System.out.printf("I/O errors (redo, %s): %d failing operations of a commit, each reopened twice%n",
                sync ? "synchronous" : "asynchronous", failures);
        assertTrue(failures >= 3);
    }

    /** Commit 2 returned durable, commit 3 asynchronous: a checkpoint that fails keeps 2 and may keep 3. */
    @Test
    void failingAnyOperationOfACheckpoint() throws IOException {
        int failures = 0;
        for (int n = 1; ; n++) {
            SimDisk disk = new SimDisk(DIR);
            Heap heap = Heap.atCommit1(disk);
            heap.grow(12);
            heap.commitStamped(true, 1, 11);
            heap.commitStamped(false, 2, 5);
            disk.failAt(n);
            try {
                heap.protocol.checkpoint();
                if (n == 1) {
                    fail("the injected error never fired");
                }
                break;
            } catch (IOException e) {
                failures++;
            }
            requireOneOf(disk, heap.images, 2, 3, "operation " + n + " of a checkpoint failed");
        }
        System.out.printf("I/O errors (redo): %d failing operations of a checkpoint%n", failures);
        assertTrue(failures >= 4);
    }

    @Test
    void failingAnyOperationOfARecoveryThatReplaysTheLog() throws IOException {
        SimDisk disk = new SimDisk(DIR);
        Heap heap = Heap.atCommit1(disk);
        heap.grow(12);
        heap.commitStamped(true, 1, 11);
        heap.commitStamped(true, 2, 5);
        Map<String, byte[]> crashed = disk.currentView();
        int failures = 0;
        for (int n = 1; ; n++) {
            SimDisk d = SimDisk.of(DIR, crashed);
            d.failAt(n);
            try {
                RedoProtocol.open(d, FILES, true, THRESHOLD).close();
                break;
            } catch (IOException e) {
                failures++;
            }
            requireOneOf(d, heap.images, 3, 3, "operation " + n + " of a recovery failed");
        }
        System.out.printf("I/O errors (redo): %d failing operations of a recovery that replays the log%n", failures);
        assertTrue(failures >= 4);
    }

    /** A file of the undo mode at commit 1 with commit 2 in flight, switched to a redo log. */
    @Test
    void failingAnyOperationOfTheSwitchFromTheUndoLog() throws IOException {
        SimDisk disk = new SimDisk(DIR);
        byte[] memory = new byte[8 * PAGE];
        List<byte[]> images = new ArrayList<>(List.of(new byte[0]));
        try (UndoProtocol undo = UndoProtocol.open(disk, FILES, true, 0)) {
            undo.ensureSize(memory.length);
            for (long p = 0; p < 8; p++) {
                Stamps.stamp(memory, 1, p);
            }
            images.add(memory.clone());
            undo.commit(LongStream.range(0, 8).toArray(), (off, len) -> ByteBuffer.wrap(memory, (int) off, len),
                    memory.length);
        }
        Map<String, byte[]> start = disk.currentView();
        int failures = 0;
        for (int n = 1; ; n++) {
            SimDisk d = SimDisk.of(DIR, start);
            d.failAt(n);
            try {
                RedoProtocol.open(d, FILES, true, THRESHOLD).close();
                break;
            } catch (IOException e) {
                failures++;
            }
            requireOneOf(d, images, 1, 1, "operation " + n + " of the switch from the undo log failed");
        }
        System.out.printf("I/O errors (redo): %d failing operations of the switch from the undo log%n", failures);
        assertTrue(failures >= 4);
    }

    /** Reopens the disk as the process left it, and as a power cut right after would: commit from..to, whole. */
    private static void requireOneOf(SimDisk disk, List<byte[]> images, long from, long to, String what)
            throws IOException {
        List<Map<String, byte[]>> states = new ArrayList<>();
        states.add(disk.currentView());
        new CrashStates(0, 0, 1).enumerate(disk.pendingState(), s -> {
            if (states.size() < 2) {
                states.add(s); // the first state enumerated is "every pending operation lost"
            }
        });
        for (Map<String, byte[]> state : states) {
            SimDisk d = SimDisk.of(DIR, state);
            try (RedoProtocol p = RedoProtocol.open(d, FILES, true, THRESHOLD)) {
                long n = p.commitNumber();
                assertTrue(n >= from && n <= to, what + ": reopened at commit " + n + ", expected " + from + ".." + to);
                byte[] data = d.currentView().get("heap.dat");
                assertEquals(null, Stamps.firstDifference(images.get((int) n), data), what + ": data of commit " + n);
            }
        }
    }
}
