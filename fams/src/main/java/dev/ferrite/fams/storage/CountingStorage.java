package dev.ferrite.fams.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link Storage} that passes every operation on to another and adds the bytes written and the
 * syncs to {@link IoCounters}: what statistics and flight-recorder events report is what really
 * reached the file system, whichever protocol wrote it. Writes to {@code dataFile} count as data,
 * writes to any other file as log.
 */
public final class CountingStorage implements Storage {
    private final Storage storage;
    private final Path dataFile;
    private final IoCounters counters;

    public CountingStorage(Storage storage, Path dataFile, IoCounters counters) {
        this.storage = storage;
        this.dataFile = dataFile;
        this.counters = counters;
    }

    @Override
    public StorageFile open(Path file, Mode mode) throws IOException {
        return new CountingFile(storage.open(file, mode), file.equals(dataFile));
    }

    @Override
    public boolean exists(Path file) throws IOException {
        return storage.exists(file);
    }

    @Override
    public FileId identity(Path file) throws IOException {
        return storage.identity(file);
    }

    @Override
    public byte[] attribute(Path file, String name) throws IOException {
        return storage.attribute(file, name);
    }

    @Override
    public boolean setAttribute(Path file, String name, byte[] value) throws IOException {
        return storage.setAttribute(file, name, value);
    }

    @Override
    public List<String> list(Path dir, String prefix) throws IOException {
        return storage.list(dir, prefix);
    }

    @Override
    public void syncDirectory(Path dir) throws IOException {
        long start = System.nanoTime();
        storage.syncDirectory(dir);
        counters.synced(System.nanoTime() - start);
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
        storage.link(existing, link);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        storage.rename(from, to);
    }

    @Override
    public void delete(Path file) throws IOException {
        storage.delete(file);
    }

    private final class CountingFile implements StorageFile {
        private final StorageFile file;
        private final boolean data;

        CountingFile(StorageFile file, boolean data) {
            this.file = file;
            this.data = data;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            return file.read(position, dst);
        }

        @Override
        public int readDevice(long position, ByteBuffer dst) throws IOException {
            return file.readDevice(position, dst);
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            int bytes = src.remaining();
            file.write(position, src);
            counters.wrote(data, bytes);
        }

        @Override
        public void truncate(long size) throws IOException {
            file.truncate(size);
        }

        @Override
        public void allocate(long position, long length) throws IOException {
            file.allocate(position, length);
        }

        @Override
        public boolean punch(long position, long length) throws IOException {
            return file.punch(position, length);
        }

        @Override
        public boolean holeFrom(long position) throws IOException {
            return file.holeFrom(position);
        }

        @Override
        public void syncData() throws IOException {
            long start = System.nanoTime();
            file.syncData();
            counters.synced(System.nanoTime() - start);
        }

        @Override
        public void syncFile() throws IOException {
            long start = System.nanoTime();
            file.syncFile();
            counters.synced(System.nanoTime() - start);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }
}
