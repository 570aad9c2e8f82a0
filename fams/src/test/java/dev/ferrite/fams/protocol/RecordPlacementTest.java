package dev.ferrite.fams.protocol;

import dev.ferrite.fams.storage.FileId;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.log.LogHeader;
import dev.ferrite.fams.log.LogIdentity;
import dev.ferrite.fams.log.LogState;
import dev.ferrite.fams.log.PageLogWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a commit puts its records while the armed log of the previous commit may still be the
 * one on disk: before those records only if every byte it may write fits in front of them.
 */
class RecordPlacementTest {
    private static final long START = LogFormat.RECORDS_START;
    private static final LogIdentity ID = LogIdentity.random("placement.dat", new FileId(12, 34, 56));

    /** An armed log whose records start at {@code recordsStart} and whose trailer is at {@code trailerOffset}. */
    private static LogHeader armed(long recordsStart, long trailerOffset) {
        return new LogHeader(LogState.ARMED, ID, 7, 1 << 20, 1 << 20, 1, recordsStart, trailerOffset, List.of());
    }

    @Test
    void withNothingArmedRecordsStartAtTheRecordArea() {
        assertEquals(START, UndoProtocol.recordsStartClearOf(null, 10_000));
    }

    @Test
    void recordsGoInFrontOnlyWhenTheirLargestSizeFitsExactly() {
        long oneCommit = PageLogWriter.bytesFor(3);
        assertEquals(START, UndoProtocol.recordsStartClearOf(armed(START + oneCommit, START + oneCommit + 500), 3),
                "ends exactly where the armed records begin");
        LogHeader oneByteTooClose = armed(START + oneCommit - 1, START + oneCommit + 500);
        assertEquals(pageAfter(START + oneCommit + 500 + LogFormat.TRAILER),
                UndoProtocol.recordsStartClearOf(oneByteTooClose, 3));
    }

    @Test
    void onePageDoesNotFitBeforeRecordsOnTheSecondPageOfTheLog() {
        // Armed records at 8192: one page's record and trailer (4,200 bytes) do not fit in 4096..8192.
        LogHeader armed = armed(2 * START, 2 * START + 40);
        assertEquals(pageAfter(2 * START + 40 + LogFormat.TRAILER), UndoProtocol.recordsStartClearOf(armed, 1));
        assertEquals(START, UndoProtocol.recordsStartClearOf(armed, 0), "a commit of no page writes only a trailer");
    }

    @Test
    void recordsAfterTheArmedOnesStartOnAPageBoundaryPastItsTrailer() {
        LogHeader armed = armed(START, START + 100_000);
        long placed = UndoProtocol.recordsStartClearOf(armed, 1);
        assertEquals(0, placed % LogFormat.PAGE_SIZE);
        assertEquals(pageAfter(START + 100_000 + LogFormat.TRAILER), placed);
    }

    private static long pageAfter(long offset) {
        return (offset + LogFormat.PAGE_SIZE - 1) / LogFormat.PAGE_SIZE * LogFormat.PAGE_SIZE;
    }
}
