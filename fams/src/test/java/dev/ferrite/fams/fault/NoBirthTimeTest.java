package dev.ferrite.fams.fault;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.fams.crash.Crashpoint;
import dev.ferrite.fams.storage.FileId;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On ext4 with 128-byte inodes the file system records no birth time, and a file deleted and
 * copied back from a backup usually gets its old inode number again: the inode generation still
 * tells the files apart, so the crashed file's log is not applied to the restored backup.
 */
class NoBirthTimeTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    @Test
    void aBackupRestoredWhereTheInodeIsReusedIsNotUndoneByTheOldLog() throws Exception {
        try (FailingDisk disk = FailingDisk.create(dir, 16, "-I", "128")) {
            Path file = disk.directory().resolve("f.dat");
            FamsOptions options = FamsOptions.builder().size(16 * PAGE).build();
            try (FamsFile f = FamsFile.open(file, options)) {
                fill(f, 3);
                f.commit();
            }
            assertEquals(0, FileId.of(file).birthNanos(), "this file system was to record no birth time");
            Path backup = Files.copy(file, dir.resolve("backup.dat"));
            Path out = dir.resolve("child.txt");
            int status = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "-Dferrite.fams.crashpoint=" + Crashpoint.COMMIT_DATA_HALF_WRITTEN,
                    "dev.ferrite.fams.crash.CommitChild", "commit", file.toString(), "16", "5", "0"))
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start().waitFor();
            assertEquals(Crashpoint.EXIT_STATUS, status, Files.readString(out));
            long inode = FileId.of(file).inode();
            Files.delete(file);
            Files.copy(backup, file, StandardCopyOption.REPLACE_EXISTING);
            byte[] restored = Files.readAllBytes(file);
            if (FileId.of(file).inode() != inode) {
                System.out.println("note: the restored file got a new inode number; the generation was not needed");
            }
            FamsCorruptException e = assertThrows(FamsCorruptException.class, () -> FamsFile.open(file, options));
            assertTrue(e.getMessage().contains("the file was replaced"), e.getMessage());
            assertArrayEquals(restored, Files.readAllBytes(file));
        }
    }

    private static void fill(FamsFile f, long value) {
        for (long at = 0; at < 16 * PAGE; at += 8) {
            f.segment().set(ValueLayout.JAVA_LONG, at, value);
        }
        f.markDirty(0, 16 * PAGE);
    }
}
