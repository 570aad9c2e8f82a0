package dev.ferrite.test.disk;

import dev.ferrite.fams.sim.SimDisk;
import dev.ferrite.fams.storage.FileChannelStorage;
import dev.ferrite.fams.storage.FileId;
import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The real file system, with files identified by name and no extended attributes, as on the
 * simulated disk: the storage under which a crash state written to real files is recovered.
 * The logs a heap wrote on the {@link RecordingStorage} name their data file's identity; a copy
 * of the files has new inodes, and would otherwise be refused as another file.
 */
public final class ReplayStorage implements Storage {
    private final Storage real = FileChannelStorage.instance();

    @Override
    public StorageFile open(Path file, Mode mode) throws IOException {
        return real.open(file, mode);
    }

    @Override
    public boolean exists(Path file) throws IOException {
        return real.exists(file);
    }

    @Override
    public FileId identity(Path file) throws IOException {
        real.identity(file); // fails like the real one for a missing file
        return SimDisk.identityOf(file.getFileName().toString());
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
    public void syncDirectory(Path dir) throws IOException {
        real.syncDirectory(dir);
    }

    @Override
    public void link(Path existing, Path link) throws IOException {
        real.link(existing, link);
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        real.rename(from, to);
    }

    @Override
    public void delete(Path file) throws IOException {
        real.delete(file);
    }
}
