package dev.ferrite.fams.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.protocol.UndoProtocol;
import dev.ferrite.fams.storage.AtomicCreation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Creating a file with initial contents (as a heap is created, with its header page) on the
 * simulated disk, cut by a power loss after every operation: each state holds either no file or
 * the whole file, and opening that file makes its contents commit 0.
 */
class CreationPowerLossTest {
    private static final int SIZE = 5 * Stamps.PAGE + 100;

    private static byte[] expected(byte[] header) {
        return Arrays.copyOf(header, SIZE);
    }

    @Test
    void aFileAppearsWholeOrNotAtAll() throws IOException {
        byte[] header = new byte[Stamps.PAGE];
        Arrays.fill(header, (byte) 0x5a);
        SimDisk disk = new SimDisk(SimHeap.DIR);
        CrashStates states = new CrashStates(4096, 200, 7);
        long[] counts = new long[3];
        disk.afterEachOperation(() -> counts[0] += states.enumerate(disk.pendingState(), state -> {
            byte[] data = state.get(SimHeap.DATA);
            if (data == null) {
                counts[1]++;
                return;
            }
            counts[2]++;
            assertArrayEquals(expected(header), data, "a crash left a partial file");
            SimDisk d = SimDisk.of(SimHeap.DIR, state);
            try (UndoProtocol p = UndoProtocol.open(d, SimHeap.FILES, true, 0)) {
                assertEquals(0, p.commitNumber());
                assertEquals(SIZE, p.committedSize());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
        assertTrue(AtomicCreation.createIfAbsent(disk, SimHeap.FILES.data(), ByteBuffer.wrap(header), SIZE));
        assertArrayEquals(expected(header), disk.currentView().get(SimHeap.DATA));
        assertEquals(1, disk.currentView().size(), "the temporary file is gone: " + disk.currentView().keySet());
        assertTrue(counts[1] > 0 && counts[2] > 0, "states without and with the file were both checked");
        System.out.printf("creation under power loss: %d crash states, %d without the file, %d with it%n",
                counts[0], counts[1], counts[2]);
    }

    @Test
    void anExistingFileIsLeftAsItIs() throws IOException {
        SimDisk disk = SimDisk.of(SimHeap.DIR, Map.of(SimHeap.DATA, new byte[] {1, 2, 3}));
        assertFalse(AtomicCreation.createIfAbsent(disk, SimHeap.FILES.data(), ByteBuffer.allocate(8), SIZE));
        assertArrayEquals(new byte[] {1, 2, 3}, disk.currentView().get(SimHeap.DATA));
        assertEquals(1, disk.currentView().size());
    }
}
