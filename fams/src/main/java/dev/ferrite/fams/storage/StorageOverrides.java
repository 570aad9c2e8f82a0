package dev.ferrite.fams.storage;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The storage FAMS uses for the files of a directory: the real file system, unless a crash-test
 * kit installed another one there (a disk that records every operation, to replay the states a
 * power cut could leave). Not for applications: the package is exported only to the kit.
 */
public final class StorageOverrides {
    private static final Map<Path, Storage> INSTALLED = new ConcurrentHashMap<>();

    private StorageOverrides() {}

    /**
     * Makes FAMS open and create the files directly in {@code directory} through {@code storage}
     * until the returned handle is closed.
     *
     * @throws IllegalStateException if a storage is already installed there
     */
    public static Installation install(Path directory, Storage storage) {
        Path key = key(directory);
        if (INSTALLED.putIfAbsent(key, storage) != null) {
            throw new IllegalStateException("a storage is already installed for " + key);
        }
        return () -> INSTALLED.remove(key, storage);
    }

    /** The storage for the file {@code file}: the one installed for its directory, else the real file system. */
    public static Storage forFile(Path file) {
        if (!INSTALLED.isEmpty()) {
            Path directory = file.toAbsolutePath().normalize().getParent();
            Storage storage = directory == null ? null : INSTALLED.get(directory);
            if (storage != null) {
                return storage;
            }
        }
        return FileChannelStorage.instance();
    }

    private static Path key(Path directory) {
        return directory.toAbsolutePath().normalize();
    }

    /** Removes an installed storage when closed. */
    @FunctionalInterface
    public interface Installation extends AutoCloseable {
        @Override
        void close();
    }
}
