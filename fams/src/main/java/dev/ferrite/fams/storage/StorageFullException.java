package dev.ferrite.fams.storage;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A write, or a change of a file's size, that the file system refused for lack of space
 * ({@code ENOSPC}, or {@code EDQUOT} for a user over quota). Unlike a failed sync it changed
 * nothing that a later write cannot redo: the protocols throw it on only where nothing was made
 * durable, so the caller can give up the operation and try again once space is freed.
 */
public final class StorageFullException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String fileSystem;
    private final long neededBytes;
    private final long freeBytes;

    private StorageFullException(String message, String fileSystem, long neededBytes, long freeBytes,
                                 Throwable cause) {
        super(message, cause);
        this.fileSystem = fileSystem;
        this.neededBytes = neededBytes;
        this.freeBytes = freeBytes;
    }

    /**
     * The exception for {@code cause}, an error of a write of {@code neededBytes} bytes to {@code
     * file}, if it says the file system is full; null otherwise. Measures the space free now.
     */
    static StorageFullException ifFull(Path file, long neededBytes, IOException cause) {
        if (cause instanceof StorageFullException full) {
            return full;
        }
        if (!NoSpaceErrors.isNoSpace(cause)) {
            return null;
        }
        return of(file, neededBytes, cause);
    }

    /** The exception for a refused write of {@code neededBytes} bytes to {@code file}; measures the space free now. */
    public static StorageFullException of(Path file, long neededBytes, Throwable cause) {
        String fileSystem = file.toAbsolutePath().getParent() == null ? file.toString()
                : file.toAbsolutePath().getParent().toString();
        long free = -1;
        try {
            FileStore store = Files.getFileStore(file.toAbsolutePath().getParent());
            fileSystem = store.toString();
            free = store.getUsableSpace();
        } catch (IOException | RuntimeException e) {
            // The space cannot be measured: the message says so rather than hide the real failure.
        }
        return new StorageFullException("the file system " + fileSystem + " is full: writing " + neededBytes
                + " bytes to " + file + " failed (" + cause.getMessage() + "), "
                + (free < 0 ? "free space unknown" : free + " bytes are free"), fileSystem, neededBytes, free, cause);
    }

    /**
     * The same failure, reporting that the operation as a whole needed {@code bytes}: a write
     * may be one chunk of a larger one. Keeps the larger of the two.
     */
    public StorageFullException needing(long bytes) {
        if (bytes <= neededBytes) {
            return this;
        }
        StorageFullException wider = new StorageFullException(getMessage().replaceFirst(
                "writing " + neededBytes + " bytes", "writing " + bytes + " bytes"), fileSystem, bytes, freeBytes,
                getCause());
        wider.setStackTrace(getStackTrace());
        return wider;
    }

    /** The file system, as its mount point and device ({@code /mnt/data (/dev/sdb1)}). */
    public String fileSystem() {
        return fileSystem;
    }

    /** Bytes the refused operation needed. */
    public long neededBytes() {
        return neededBytes;
    }

    /** Bytes free to this user on the file system right after the refusal; -1 if unknown. */
    public long freeBytes() {
        return freeBytes;
    }
}
