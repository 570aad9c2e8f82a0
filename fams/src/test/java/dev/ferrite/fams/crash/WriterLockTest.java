package dev.ferrite.fams.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
