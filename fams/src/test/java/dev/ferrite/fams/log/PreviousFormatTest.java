package dev.ferrite.fams.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.fams.RecoveryReport;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by the previous release, whose logs are of format 2 (kept under
 * {@code src/test/resources/format2}): each opens and carries on, and its next header is written
 * in the current format. Every 8 bytes of page p written by commit c hold {@code c << 32 | p}.
 */
class PreviousFormatTest {
    private static final int PAGE = 4096;

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
