package dev.ferrite.fams.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsLockedException;
import dev.ferrite.fams.FamsOptions;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writing process at a time; readers alongside; a killed writer leaves no stale lock. */
class WriterLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondProcessCannotWriteButCanReadAndTheLockDiesWithTheWriter() throws Exception {
        Path file = dir.resolve("locked.dat");
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(4096).build())) {
            f.segment().set(ValueLayout.JAVA_LONG, 0, 77);
            f.commit();
        }
        Path out = dir.resolve("holder.txt");
        Process holder = ChildJvm.start(out, List.of(), CommitChild.class, "hold", file.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(out).contains("open") && holder.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(Files.readString(out).contains("open 1"), Files.readString(out));
            FamsLockedException e = assertThrows(FamsLockedException.class,
                    () -> FamsFile.open(file, FamsOptions.defaults()));
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            try (FamsFile reader = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
                assertEquals(77, reader.segment().get(ValueLayout.JAVA_LONG, 0));
            }
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (FamsFile f = FamsFile.open(file, FamsOptions.defaults())) {
            assertEquals(1, f.commitNumber());
        }
    }

    private Path committedFile(String name) {
        Path file = dir.resolve(name);
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(4096).build())) {
            f.segment().set(ValueLayout.JAVA_LONG, 0, 77);
            f.commit();
        }
        return file;
    }

    /** Runs {@code CommitChild open FILE 0}: exit 0 if it could open FILE for writing. */
    private String openInAnotherProcess(Path file) throws Exception {
        Path out = dir.resolve("child-" + System.nanoTime() + ".txt");
        int status = ChildJvm.run(out, List.of(), CommitChild.class, "open", file.toString(), "0");
        return status + ": " + Files.readString(out);
    }

    @Test
    void aRefusedSecondOpenInThisProcessLeavesTheFirstWriterLocked() throws Exception {
        Path file = committedFile("twice.dat");
        try (FamsFile writer = FamsFile.open(file, FamsOptions.defaults())) {
            assertThrows(FamsLockedException.class, () -> FamsFile.open(file, FamsOptions.defaults()));
            String child = openInAnotherProcess(file);
            assertTrue(child.contains("FamsLockedException"), "another process opened the file for writing: " + child);
            assertEquals(1, writer.commitNumber());
        }
        assertTrue(openInAnotherProcess(file).startsWith("0: "), "the lock dies with its writer");
    }

    @Test
    void aSymbolicLinkMeetsTheLockOfItsFileAndUsesItsLog() throws Exception {
        Path file = committedFile("real.dat");
        Path link = Files.createSymbolicLink(dir.resolve("link.dat"), file);
        try (FamsFile writer = FamsFile.open(file, FamsOptions.defaults())) {
            assertThrows(FamsLockedException.class, () -> FamsFile.open(link, FamsOptions.defaults()));
            assertTrue(openInAnotherProcess(link).contains("FamsLockedException"));
            assertEquals(1, writer.commitNumber());
        }
        try (FamsFile f = FamsFile.open(link, FamsOptions.defaults())) {
            assertEquals(1, f.commitNumber(), "the log beside the real file is the one recovered");
            assertEquals(77, f.segment().get(ValueLayout.JAVA_LONG, 0));
        }
        assertFalse(Files.exists(dir.resolve("link.dat.fams-log")), "no second log beside the link");
    }

    @Test
    void aFileWithSeveralHardLinksIsRefused() throws Exception {
        Path file = committedFile("linked.dat");
        Path second = Files.createLink(dir.resolve("second.dat"), file);
        for (Path name : List.of(file, second)) {
            FamsException e = assertThrows(FamsException.class, () -> FamsFile.open(name, FamsOptions.defaults()));
            assertTrue(e.getMessage().contains("has 2 hard links"), e.getMessage());
        }
        Files.delete(second);
        try (FamsFile f = FamsFile.open(file, FamsOptions.defaults())) {
            assertEquals(1, f.commitNumber());
        }
    }

    @Test
    void theLockLeavesNoFileBehind() throws Exception {
        Path file = committedFile("tidy.dat");
        try (FamsFile writer = FamsFile.open(file, FamsOptions.defaults())) {
            assertThrows(FamsLockedException.class, () -> FamsFile.open(file, FamsOptions.defaults()));
            assertEquals(1, writer.commitNumber());
            try (var names = Files.list(dir)) {
                assertEquals(List.of("tidy.dat", "tidy.dat.fams-log"),
                        names.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }
    }
}
