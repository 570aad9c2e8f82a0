package dev.ferrite.fams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.storage.FileChannelStorage;
import dev.ferrite.fams.storage.FileId;
import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A failed sync poisons the FamsFile; reopening recovers commit k-1 or k on the real file system. */
class PoisoningTest {
    @TempDir
    Path dir;

    /** Real storage whose n-th sync (of any kind), counted from {@link #arm}, throws. */
    private static final class FailingSyncs implements Storage {
        private final Storage real = FileChannelStorage.instance();
        private int countdown = -1;

        void arm(int n) {
            countdown = n;
        }

        private void sync() throws IOException {
            if (countdown > 0 && --countdown == 0) {
                throw new IOException("injected fsync failure (EIO)");
            }
        }

        @Override
        public StorageFile open(Path file, Mode mode) throws IOException {
            StorageFile f = real.open(file, mode);
            return new StorageFile() {
                @Override public long size() throws IOException { return f.size(); }
                @Override public int read(long p, ByteBuffer d) throws IOException { return f.read(p, d); }
                @Override public void write(long p, ByteBuffer s) throws IOException { f.write(p, s); }
                @Override public void truncate(long s) throws IOException { f.truncate(s); }
                @Override public boolean punch(long p, long n) throws IOException { return f.punch(p, n); }
                @Override public boolean holeFrom(long p) throws IOException { return f.holeFrom(p); }
                @Override public void syncData() throws IOException { sync(); f.syncData(); }
                @Override public void syncFile() throws IOException { sync(); f.syncFile(); }
                @Override public void close() throws IOException { f.close(); }
            };
        }

        @Override public boolean exists(Path file) throws IOException { return real.exists(file); }
        @Override public FileId identity(Path file) throws IOException { return real.identity(file); }
        @Override public byte[] attribute(Path file, String name) throws IOException { return real.attribute(file, name); }
        @Override public boolean setAttribute(Path file, String name, byte[] value) throws IOException {
            return real.setAttribute(file, name, value);
        }
        @Override public List<String> list(Path d, String prefix) throws IOException { return real.list(d, prefix); }
        @Override public void syncDirectory(Path d) throws IOException { sync(); real.syncDirectory(d); }
        @Override public void rename(Path from, Path to) throws IOException { real.rename(from, to); }
        @Override public void link(Path existing, Path link) throws IOException { real.link(existing, link); }
        @Override public void delete(Path file) throws IOException { real.delete(file); }
    }

    /** A commit that keeps the file's size syncs twice; one that grows it, three times. */
    @ParameterizedTest(name = "sync {0} of the commit fails, the commit grows the file: {1}")
    @CsvSource({"1, false", "2, false", "1, true", "2, true", "3, true"})
    void aFailedSyncPoisonsUntilReopened(int failingSync, boolean grows) {
        Path file = dir.resolve("p.dat");
        FamsOptions options = FamsOptions.builder().size(16 * 4096).dirtyTracking(DirtyTracking.EXPLICIT).build();
        FailingSyncs storage = new FailingSyncs();
        long before = grows ? 0 : 1;
        try (FamsFile f = FamsFile.open(file, options, storage)) {
            if (!grows) {
                f.segment().set(ValueLayout.JAVA_LONG, 0, 1);
                f.markDirty(0, 8);
                f.commit();
            }
            f.segment().set(ValueLayout.JAVA_LONG, 0, before + 1);
            f.segment().set(ValueLayout.JAVA_LONG, 5 * 4096, before + 1);
            f.markDirty(0, 8);
            f.markDirty(5 * 4096, 8);
            storage.arm(failingSync);
            FamsPoisonedException e = assertThrows(FamsPoisonedException.class, f::commit);
            assertTrue(e.getMessage().contains("injected fsync failure"), e.getMessage());
            assertThrows(FamsPoisonedException.class, f::commit, "a retried commit could trust a lying fsync");
            assertThrows(FamsPoisonedException.class, f::rollback);
            assertThrows(FamsPoisonedException.class, () -> f.rollbackTo(1));
        }
        try (FamsFile f = FamsFile.open(file, options)) {
            long n = f.commitNumber();
            assertTrue(n == before || n == before + 1, "reopened at commit " + n);
            assertEquals(n, f.segment().get(ValueLayout.JAVA_LONG, 0));
            assertEquals(n == before + 1 ? n : 0, f.segment().get(ValueLayout.JAVA_LONG, 5 * 4096));
        }
    }
}
