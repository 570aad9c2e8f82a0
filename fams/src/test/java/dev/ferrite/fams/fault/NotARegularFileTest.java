package dev.ferrite.fams.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FAMS opens only regular files, and creates files only where no link points elsewhere: a FIFO
 * would block an open forever, a directory is no FAMS file, and a link planted where a log
 * belongs could make FAMS write somewhere else.
 */
class NotARegularFileTest {
    private static final List<FamsOptions> BOTH = List.of(FamsOptions.defaults(),
            FamsOptions.builder().readOnly(true).build());

    @TempDir
    Path dir;

    private Path fifo(Path at) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is not available");
        // Should an open block on the FIFO anyway, a writer unblocks it and the test fails instead of hanging.
        Thread writer = new Thread(() -> {
            try (var out = Files.newOutputStream(at)) {
                out.write(0);
            } catch (IOException ignored) {
                // The FIFO was removed with the test's directory.
            }
        });
        writer.setDaemon(true);
        writer.start();
        return at;
    }

    private Path committed(String name) {
        Path file = dir.resolve(name);
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(4096).build())) {
            f.segment().set(ValueLayout.JAVA_LONG, 0, 5);
            f.commit();
        }
        return file;
    }

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path file = fifo(dir.resolve("pipe.dat"));
        for (FamsOptions options : BOTH) {
            FamsCorruptException e = assertThrows(FamsCorruptException.class, () -> FamsFile.open(file, options));
            assertTrue(e.getMessage().contains("is a FIFO, socket or device, not a regular file"), e.getMessage());
        }
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        Path file = Files.createDirectory(dir.resolve("dir.dat"));
        for (FamsOptions options : BOTH) {
            FamsCorruptException e = assertThrows(FamsCorruptException.class, () -> FamsFile.open(file, options));
            assertTrue(e.getMessage().contains("is a directory, not a regular file"), e.getMessage());
        }
    }

    @Test
    void aLogThatIsAFifoOrADirectoryIsRefused() throws Exception {
        Path file = committed("f.dat");
        Path log = dir.resolve("f.dat.fams-log");
        Files.delete(log);
        fifo(log);
        for (FamsOptions options : BOTH) {
            FamsCorruptException e = assertThrows(FamsCorruptException.class, () -> FamsFile.open(file, options));
            assertTrue(e.getMessage().contains(log + " is a FIFO"), e.getMessage());
        }
        Files.delete(log);
        Files.createDirectory(log);
        assertThrows(FamsCorruptException.class, () -> FamsFile.open(file, FamsOptions.defaults()));
    }

    @Test
    void aDanglingLinkIsNotFollowedToCreateAFile() throws Exception {
        Path target = dir.resolve("elsewhere").resolve("created.dat");
        Files.createDirectory(target.getParent());
        Path link = Files.createSymbolicLink(dir.resolve("link.dat"), target);
        FamsException e = assertThrows(FamsException.class, () -> FamsFile.open(link, FamsOptions.defaults()));
        assertTrue(e.getMessage().contains("does not exist; FAMS does not create files through links"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void aLinkPlantedWhereTheLogBelongsIsNeitherFollowedNorWritten() throws Exception {
        Path file = committed("g.dat");
        Path log = dir.resolve("g.dat.fams-log");
        Path victim = Files.write(dir.resolve("victim.txt"), new byte[] {1, 2, 3});
        Files.delete(log);
        Files.createSymbolicLink(log, victim);
        FamsCorruptException e = assertThrows(FamsCorruptException.class,
                () -> FamsFile.open(file, FamsOptions.defaults()));
        assertTrue(e.getMessage().contains("is a symbolic link"), e.getMessage());
        assertEquals(3, Files.size(victim));
    }
}
