package dev.ferrite.fams.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.fams.RecoveryReport;
import dev.ferrite.fams.protocol.RedoProtocol;
import dev.ferrite.fams.recovery.PageImage;
import dev.ferrite.fams.sim.SimDisk;
import dev.ferrite.fams.sim.Stamps;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A redo log of format 1, written by the release before moves (kept under
 * {@code src/test/resources/redo1/pending}: a simulated disk whose writer stopped after commit 3
 * without a checkpoint). Commit 1 stamped the four pages and was checkpointed; commit 2 stamped
 * pages 0 and 2 again; commit 3 wrote bytes 64..191 of page 1 and the last line of page 2. Every
 * stamped 8 bytes of page p written by commit c hold {@code c << 32 | p}.
 */
class PreviousRedoFormatTest {
    private static final int PAGE = 4096;
    private static final LogFiles SIM = new LogFiles(Path.of("/simulated/heap.dat"));

    private static SimDisk pending() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : List.of("heap.dat", "heap.dat.fams-redo")) {
            try (InputStream in = PreviousRedoFormatTest.class.getResourceAsStream("/redo1/pending/" + file)) {
                files.put(file, in.readAllBytes());
            }
        }
        SimDisk disk = SimDisk.of(SIM.directory(), files);
        assertEquals(1, format(disk));
        return disk;
    }

    private static int format(SimDisk disk) {
        return ByteBuffer.wrap(disk.currentView().get("heap.dat.fams-redo")).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    }

    /** The file as commit 3 left it. */
    private static byte[] commit3() {
        byte[] image = new byte[4 * PAGE];
        for (int p = 0; p < 4; p++) {
            Stamps.stamp(image, p % 2 == 0 ? 2 : 1, p);
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = PAGE + 64; i < PAGE + 192; i += 8) {
            b.putLong(i, 3L << 32 | 1);
        }
        for (int i = 3 * PAGE - 64; i < 3 * PAGE; i += 8) {
            b.putLong(i, 3L << 32 | 2);
        }
        return image;
    }

    @Test
    void aReadOnlyOpenShowsTheCommitsOfAFormat1Log() throws IOException {
        SimDisk disk = pending();
        try (RedoProtocol p = RedoProtocol.open(disk, SIM, false, 1 << 20)) {
            assertEquals(3, p.commitNumber());
            byte[] view = disk.currentView().get("heap.dat");
            for (PageImage img : p.overlay()) {
                System.arraycopy(img.bytes(), 0, view, (int) img.offset(), img.bytes().length);
            }
            assertEquals(null, Stamps.firstDifference(commit3(), view));
        }
        assertEquals(1, format(disk), "a read-only open changes nothing");
    }

    @Test
    void aFormat1LogIsReplayedAndCarriesOnInTheCurrentFormat() throws IOException {
        SimDisk disk = pending();
        byte[] memory;
        try (RedoProtocol p = RedoProtocol.open(disk, SIM, true, 1 << 20)) {
            assertEquals(RecoveryReport.Outcome.REPLAYED_LOG, p.report().outcome());
            assertEquals(3, p.commitNumber());
            assertEquals(null, Stamps.firstDifference(commit3(), disk.currentView().get("heap.dat")));
            assertEquals(RedoHeader.FORMAT_VERSION, format(disk), "the log restarted in the current format");
            // Carry on: page 3 (stamps repeating every 8 bytes, so that the first shift changes only
            // the 40 new bytes) gets an entry inserted at byte 100 by each commit.
            memory = commit3();
            for (int c = 4; c <= 6; c++) {
                System.arraycopy(memory, 3 * PAGE + 100, memory, 3 * PAGE + 140, PAGE - 140);
                Arrays.fill(memory, 3 * PAGE + 100, 3 * PAGE + 140, (byte) c);
                assertEquals(c, p.commit(new long[] {3},
                        (off, len) -> ByteBuffer.wrap(memory, (int) off, len).asReadOnlyBuffer(), memory.length));
            }
            assertEquals(RedoFrames.frameLength(1, 2 * 64) + RedoFrames.frameLength(1, PAGE)
                    + RedoFrames.frameLength(2, RedoFrames.MOVE_SOURCE + 40), p.logBytes(),
                    "commit 4: two lines, commit 5: the page whole, commit 6: a move and the 40 new bytes");
        }
        SimDisk crashed = SimDisk.of(SIM.directory(), disk.currentView());
        try (RedoProtocol p = RedoProtocol.open(crashed, SIM, true, 1 << 20)) {
            assertEquals(6, p.commitNumber());
            assertEquals(null, Stamps.firstDifference(memory, crashed.currentView().get("heap.dat")));
        }
    }
}
