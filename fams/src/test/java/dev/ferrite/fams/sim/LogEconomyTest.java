package dev.ferrite.fams.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.fams.log.LogFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a commit writes: all-zero old pages are logged without their bytes, pages rewritten with
 * identical bytes are neither logged nor written, a commit with nothing to write costs one header
 * write and one sync, a commit that keeps the file's size two syncs, and one that grows it three.
 */
class LogEconomyTest {
    private static final int RECORD = LogFormat.RECORD_HEADER;

    @Test
    void zeroPagesAreLoggedWithoutTheirBytes() throws IOException {
        SimDisk disk = new SimDisk(SimHeap.DIR);
        SimHeap heap = new SimHeap(disk, 0);
        heap.grow(8);
        heap.commit();  // commits the growth: the 8 zero pages are now committed
        heap.commitStamped(1, 2, 3);
        assertEquals(LogFormat.RECORDS_START + 3 * RECORD + LogFormat.TRAILER,
                disk.currentView().get(SimHeap.LOG).length, "three zero pages: three bare record headers");
        heap.commitStamped(2);
        long clearOfPrevious = 2 * LogFormat.RECORDS_START; // the first commit's records are still armed
        assertEquals(clearOfPrevious + RECORD + SimHeap.PAGE + LogFormat.TRAILER,
                disk.currentView().get(SimHeap.LOG).length, "a non-zero page: header and image");
    }

    @Test
    void identicalRewritesCostOneHeaderWriteAndOneSync() throws IOException {
        SimDisk disk = new SimDisk(SimHeap.DIR);
        SimHeap heap = SimHeap.atCommit1(disk, 0, 8);
        List<String> operations = new ArrayList<>();
        disk.afterEachOperation(() -> operations.add(disk.lastMutation()));
        heap.commit(0, 3, 7);  // marked dirty, bytes unchanged
        assertEquals(List.of("write " + SimHeap.LOG, "sync " + SimHeap.LOG), operations);

        operations.clear();
        Stamps.stamp(heap.memory, 9, 3);
        heap.commit(0, 3, 7);
        assertEquals(List.of("write " + SimHeap.LOG, "write " + SimHeap.LOG, "sync " + SimHeap.LOG,
                "write " + SimHeap.DATA, "sync " + SimHeap.DATA, "write " + SimHeap.LOG), operations,
                "only page 3 is logged and written: records+trailer, header, sync, page, sync, idle header (no sync)");
    }

    @Test
    void aCommitThatGrowsTheFileRetiresItsLog() throws IOException {
        SimDisk disk = new SimDisk(SimHeap.DIR);
        SimHeap heap = SimHeap.atCommit1(disk, 0, 8);
        heap.grow(9);
        List<String> operations = new ArrayList<>();
        disk.afterEachOperation(() -> operations.add(disk.lastMutation()));
        Stamps.stamp(heap.memory, 9, 3);
        heap.commit(3, 8);
        assertEquals(List.of("write " + SimHeap.LOG, "write " + SimHeap.LOG, "sync " + SimHeap.LOG,
                "write " + SimHeap.DATA, "write " + SimHeap.DATA, "sync " + SimHeap.DATA, "write " + SimHeap.LOG,
                "sync " + SimHeap.LOG), operations, "the new page 8 has no record to check: the log is retired");
    }
}
