package dev.ferrite.fams.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file operation the commit and recovery protocols perform, and nothing else. The real
 * implementation is {@link FileChannelStorage}; tests substitute a simulated disk that records
 * which operations were made durable by which sync, to replay every state a power cut could
 * leave.
 */
public interface Storage {

    /** How to open a file. */
    enum Mode {
        /** Read only; the file must exist. */
        READ,
        /** Read and write; the file must exist. */
        WRITE,
        /** Read and write; created empty with permissions 0600 if absent. */
        CREATE
    }

    /** Opens {@code file}; a missing file in mode READ or WRITE is a {@link java.nio.file.NoSuchFileException}. */
    StorageFile open(Path file, Mode mode) throws IOException;

    boolean exists(Path file) throws IOException;

    /** The identity of the existing file {@code file}; see {@link FileId}. */
    FileId identity(Path file) throws IOException;

    /**
     * The value of the extended attribute {@code name} (in the user namespace) of {@code file};
     * null if it has none, or the file system keeps none.
     */
    byte[] attribute(Path file, String name) throws IOException;

    /**
     * Sets the extended attribute {@code name} of {@code file}; durable with the file's next
     * {@link StorageFile#syncFile}.
     *
     * @return false, changing nothing, where the file system keeps no extended attributes
     */
    boolean setAttribute(Path file, String name, byte[] value) throws IOException;

    /** Names of the files in {@code dir} whose name starts with {@code prefix}. */
    List<String> list(Path dir, String prefix) throws IOException;

    /** Makes the creations, renames and removals of entries of {@code dir} durable. */
    void syncDirectory(Path dir) throws IOException;

    /**
     * Gives the existing file {@code existing} the second name {@code link}.
     *
     * @throws java.nio.file.FileAlreadyExistsException if {@code link} exists
     */
    void link(Path existing, Path link) throws IOException;

    /** Atomically renames {@code from} to {@code to}, replacing {@code to}. */
    void rename(Path from, Path to) throws IOException;

    /** Removes {@code file} if it exists. */
    void delete(Path file) throws IOException;
}
