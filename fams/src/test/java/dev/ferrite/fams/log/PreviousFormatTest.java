package dev.ferrite.fams.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.fams.RecoveryReport;
import dev.ferrite.fams.protocol.UndoProtocol;
import dev.ferrite.fams.sim.SimDisk;
import dev.ferrite.fams.sim.Stamps;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by earlier releases, whose logs are of format 2 (kept under
 * {@code src/test/resources/format2}) or 3 (under {@code format3}, simulated disks that the
 * release writing format 3 left mid-commit): each opens and carries on, and its next header is
 * written in the current format. Every 8 bytes of page p written by commit c hold
 * {@code c << 32 | p}.
 */
class PreviousFormatTest {
    private static final int PAGE = 4096;
    private static final LogFiles SIM = new LogFiles(Path.of("/simulated/heap.dat"));

    @TempDir
    Path dir;

    private Path fixture(String name) throws IOException {
        Path copy = Files.createDirectories(dir.resolve(name));
        for (String file : List.of("f.dat", "f.dat.fams-log")) {
            try (InputStream in = PreviousFormatTest.class.getResourceAsStream("/format2/" + name + "/" + file)) {
                Files.copy(in, copy.resolve(file));
            }
        }
        return copy.resolve("f.dat");
    }

    private static void assertStamps(MemorySegment m, long... commitOfPage) {
        for (int p = 0; p < commitOfPage.length; p++) {
            assertEquals(commitOfPage[p] << 32 | p, m.get(ValueLayout.JAVA_LONG, (long) p * PAGE), "page " + p);
            assertEquals(commitOfPage[p] << 32 | p, m.get(ValueLayout.JAVA_LONG, (long) p * PAGE + PAGE - 8), "page " + p);
        }
    }

    private static LogHeader header(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file.resolveSibling("f.dat.fams-log"))) {
            ByteBuffer sector = ByteBuffer.allocate(LogFormat.SECTOR);
            c.read(sector, 0);
            return LogHeader.decode(sector.flip(), "log");
        }
    }

    @Test
    void anIdleLogOfFormat2OpensAndCarriesOn() throws IOException {
        Path file = fixture("idle");
        assertEquals(2, header(file).format());
        try (FamsFile f = FamsFile.open(file, FamsOptions.defaults())) {
            assertEquals(3, f.commitNumber());
            assertStamps(f.segment(), 3, 1, 2, 3, 2, 1, 3, 1);
            f.segment().set(ValueLayout.JAVA_LONG, PAGE, 4L << 32 | 1);
            f.markDirty(PAGE, 8);
            assertEquals(4, f.commit());
        }
        assertEquals(LogHeader.FORMAT_VERSION, header(file).format());
        try (FamsFile f = FamsFile.open(file, FamsOptions.defaults())) {
            assertEquals(4, f.commitNumber());
            assertEquals(4L << 32 | 1, f.segment().get(ValueLayout.JAVA_LONG, PAGE));
        }
    }

    @Test
    void aCommitInterruptedByThePreviousReleaseIsUndone() throws IOException {
        Path file = fixture("armed");
        assertEquals(LogState.ARMED, header(file).state());
        assertEquals(2, header(file).format());
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            assertEquals(1, f.commitNumber());
            assertStamps(f.segment(), 1, 1, 1, 1, 1, 1, 1, 1);
        }
        try (FamsFile f = FamsFile.open(file, FamsOptions.defaults())) {
            assertEquals(RecoveryReport.Outcome.UNDID_INTERRUPTED_COMMIT, f.recoveryReport().outcome());
            assertEquals(1, f.commitNumber());
            assertStamps(f.segment(), 1, 1, 1, 1, 1, 1, 1, 1);
        }
    }

    /**
     * A simulated disk the release writing format 3 left in commit 2 of pages 0 and 2 of four
     * pages: {@code in-flight} after its log was synced and page 0 written, {@code complete} after
     * both pages were written, its header still armed.
     */
    private static SimDisk format3(String state, UnaryOperator<byte[]> log) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : List.of("heap.dat", "heap.dat.fams-log")) {
            try (InputStream in = PreviousFormatTest.class.getResourceAsStream("/format3/" + state + "/" + file)) {
                byte[] bytes = in.readAllBytes();
                files.put(file, file.endsWith("log") ? log.apply(bytes) : bytes);
            }
        }
        SimDisk disk = SimDisk.of(SIM.directory(), files);
        assertEquals(3, simHeader(disk).format());
        assertEquals(LogState.ARMED, simHeader(disk).state());
        return disk;
    }

    private static LogHeader simHeader(SimDisk disk) {
        return LogHeader.decode(ByteBuffer.wrap(disk.currentView().get("heap.dat.fams-log"), 0, LogFormat.SECTOR), "log");
    }

    /** The data file at commit 1 (all four pages stamped) or 2 (pages 0 and 2 stamped again). */
    private static byte[] simImage(long commit) {
        byte[] image = new byte[4 * PAGE];
        for (long p = 0; p < 4; p++) {
            Stamps.stamp(image, commit == 2 && p % 2 == 0 ? 2 : 1, p);
        }
        return image;
    }

    /** Flips a bit inside the first page image, so that no record validates. */
    private static byte[] firstRecordDamaged(byte[] log) {
        log[(int) LogFormat.RECORDS_START + LogFormat.RECORD_HEADER + 100] ^= 1;
        return log;
    }

    /** Opens a recovered simulated disk, commits page 1 and opens it again. */
    private static void carryOn(SimDisk disk, long commit) throws IOException {
        assertEquals(LogHeader.FORMAT_VERSION, simHeader(disk).format());
        byte[] memory = disk.currentView().get("heap.dat");
        Stamps.stamp(memory, commit + 1, 1);
        try (UndoProtocol p = UndoProtocol.open(disk, SIM, true, 0)) {
            assertEquals(commit + 1, p.commit(new long[] {1},
                    (off, len) -> ByteBuffer.wrap(memory, (int) off, len).asReadOnlyBuffer(), memory.length));
        }
        try (UndoProtocol p = UndoProtocol.open(disk, SIM, true, 0)) {
            assertEquals(commit + 1, p.commitNumber());
            assertEquals(null, Stamps.firstDifference(memory, disk.currentView().get("heap.dat")));
        }
    }

    @Test
    void aCommitThatAFormat3ReleaseLeftMidWayIsUndone() throws IOException {
        SimDisk disk = format3("in-flight", log -> log);
        try (UndoProtocol p = UndoProtocol.open(disk, SIM, true, 0)) {
            assertEquals(RecoveryReport.Outcome.UNDID_INTERRUPTED_COMMIT, p.report().outcome());
            assertEquals(1, p.commitNumber());
        }
        assertEquals(null, Stamps.firstDifference(simImage(1), disk.currentView().get("heap.dat")));
        carryOn(disk, 1);
    }

    /** Only the header's fingerprints, of format 3, show that the damaged log's commit had begun. */
    @Test
    void aDamagedFormat3LogWhoseCommitHadBegunIsRefused() throws IOException {
        SimDisk disk = format3("in-flight", PreviousFormatTest::firstRecordDamaged);
        FamsCorruptException e = assertThrows(FamsCorruptException.class,
                () -> UndoProtocol.open(disk, SIM, true, 0).close());
        assertTrue(e.getMessage().contains("page 0 holds the commit's new contents"), e.getMessage());
    }

    @Test
    void aCompleteCommitOfAFormat3ReleaseStands() throws IOException {
        SimDisk disk = format3("complete", log -> log);
        try (UndoProtocol p = UndoProtocol.open(disk, SIM, true, 0)) {
            assertEquals(RecoveryReport.Outcome.CLEAN, p.report().outcome());
            assertEquals(2, p.commitNumber());
        }
        assertEquals(null, Stamps.firstDifference(simImage(2), disk.currentView().get("heap.dat")));
        carryOn(disk, 2);
    }

    @Test
    void aCompleteCommitOfAFormat3ReleaseStandsByItsFingerprintsWhenItsRecordsAreDamaged() throws IOException {
        SimDisk disk = format3("complete", PreviousFormatTest::firstRecordDamaged);
        try (UndoProtocol p = UndoProtocol.open(disk, SIM, true, 0)) {
            assertEquals(RecoveryReport.Outcome.CLEAN, p.report().outcome());
            assertTrue(p.report().detail().contains("whose records are damaged"), p.report().detail());
            assertEquals(2, p.commitNumber());
        }
        assertEquals(null, Stamps.firstDifference(simImage(2), disk.currentView().get("heap.dat")));
    }

    /** The previous release extended a file at open without recording it: zeros beyond are such an extension. */
    @Test
    void aFileThePreviousReleaseExtendedWithZerosIsCutBack() throws IOException {
        Path file = fixture("extended");
        assertEquals(16 * PAGE, Files.size(file));
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            assertEquals(3, f.commitNumber());
        }
        try (FamsFile f = FamsFile.open(file, FamsOptions.defaults())) {
            assertEquals(3, f.commitNumber());
            assertStamps(f.segment(), 3, 1, 2, 3, 2, 1, 3, 1);
        }
        assertEquals(8 * PAGE, Files.size(file));
    }
}
