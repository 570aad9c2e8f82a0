package dev.ferrite.test.disk;

import dev.ferrite.fams.sim.PendingState;
import dev.ferrite.fams.sim.SimDisk;
import dev.ferrite.fams.storage.FileChannelStorage;
import dev.ferrite.fams.storage.FileId;
import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real file system of one directory, with every change also played on a {@link SimDisk}:
 * the program under test runs on real files (mapped, locked, read as always), while the simulated
 * disk knows which writes each sync made durable. After each change it records a {@link
 * CrashPoint}: what a power cut at that instant could still lose or tear.
 *
 * <p>Files are identified by name and keep no extended attributes, as on the simulated disk, so
 * that a crash state copied to other real files (see {@link ReplayStorage}) is recovered exactly
 * as the simulated disk would be.
 */
public final class RecordingStorage implements Storage {
    private final Storage real = FileChannelStorage.instance();
    private final SimDisk shadow;
    private final List<CrashPoint> crashPoints = new ArrayList<>();

    /** Records the changes to the files directly in {@code directory}, which must be empty. */
    public RecordingStorage(Path directory) {
        this.shadow = new SimDisk(directory);
        shadow.afterEachOperation(() -> crashPoints.add(
                new CrashPoint(crashPoints.size() + 1, shadow.lastMutation(), shadow.pendingState())));
    }

    /** The crash points recorded so far, in order. */
    public synchronized List<CrashPoint> crashPoints() {
        return List.copyOf(crashPoints);
    }

    /**
     * One instant at which the power can fail: after the {@code number}-th change to the disk.
     *
     * @param number 1 for the first change
     * @param operation the change, like {@code "sync bank.heap.fams-log"}
     * @param state what is durable and what a power cut could still lose
     */
    public record CrashPoint(int number, String operation, PendingState state) {}

    @Override
    public synchronized StorageFile open(Path file, Mode mode) throws IOException {
        StorageFile realFile = real.open(file, mode);
        StorageFile shadowFile;
        try {
            shadowFile = shadow.open(file, mode);
        } catch (IOException | RuntimeException e) {
            realFile.close();
            throw e;
        }
        return new RecordingFile(realFile, shadowFile);
    }

    @Override
    public boolean exists(Path file) throws IOException {
        return real.exists(file);
    }

    @Override
    public FileId identity(Path file) throws IOException {
        return shadow.identity(file);
    }

    @Override
    public byte[] attribute(Path file, String name) {
        return null;
    }

    @Override
    public boolean setAttribute(Path file, String name, byte[] value) {
        return false;
    }

    @Override
    public List<String> list(Path dir, String prefix) throws IOException {
        return real.list(dir, prefix);
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        real.syncDirectory(dir);
        shadow.syncDirectory(dir);
    }

    @Override
    public synchronized void link(Path existing, Path link) throws IOException {
        real.link(existing, link);
        shadow.link(existing, link);
    }

    @Override
    public synchronized void rename(Path from, Path to) throws IOException {
        real.rename(from, to);
        shadow.rename(from, to);
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        real.delete(file);
        shadow.delete(file);
    }

    /** A file open on both disks: reads from the real one, changes to both. */
    private final class RecordingFile implements StorageFile {
        private final StorageFile realFile;
        private final StorageFile shadowFile;

        RecordingFile(StorageFile realFile, StorageFile shadowFile) {
            this.realFile = realFile;
            this.shadowFile = shadowFile;
        }

        @Override
        public long size() throws IOException {
            return realFile.size();
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            return realFile.read(position, dst);
        }

        @Override
        public int readDevice(long position, ByteBuffer dst) throws IOException {
            return realFile.readDevice(position, dst);
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            synchronized (RecordingStorage.this) {
                ByteBuffer copy = src.duplicate();
                realFile.write(position, src);
                shadowFile.write(position, copy);
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (RecordingStorage.this) {
                realFile.truncate(size);
                shadowFile.truncate(size);
            }
        }

        /** Played on the simulated disk only where the real file system punched: else nothing changed. */
        @Override
        public boolean punch(long position, long length) throws IOException {
            synchronized (RecordingStorage.this) {
                boolean punched = realFile.punch(position, length);
                if (punched) {
                    shadowFile.punch(position, length);
                }
                return punched;
            }
        }

        @Override
        public boolean holeFrom(long position) throws IOException {
            return realFile.holeFrom(position);
        }

        @Override
        public void syncData() throws IOException {
            synchronized (RecordingStorage.this) {
                realFile.syncData();
                shadowFile.syncData();
            }
        }

        @Override
        public void syncFile() throws IOException {
            synchronized (RecordingStorage.this) {
                realFile.syncFile();
                shadowFile.syncFile();
            }
        }

        @Override
        public void close() throws IOException {
            try {
                realFile.close();
            } finally {
                shadowFile.close();
            }
        }
    }
}
