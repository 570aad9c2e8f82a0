package dev.ferrite.fams.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates a file with given contents so that it appears whole or not at all, and never replaces
 * a file another process created first: the contents are written to a new temporary name beside
 * it and synced, the file is linked to its name (a link, unlike a rename, fails if the name is
 * taken), the temporary name is removed and the directory synced. A crash can leave a temporary
 * file behind ({@code .NAME.HEX.creating}), never a partial file at the name.
 */
public final class AtomicCreation {
    private AtomicCreation() {}

    /**
     * Creates {@code file} holding {@code content} followed by zeros (a hole where the file system
     * has them) up to {@code size} bytes, unless a file exists there.
     *
     * @return whether this call created the file; false if one was already there, left unchanged
     */
    public static boolean createIfAbsent(Storage storage, Path file, ByteBuffer content, long size)
            throws IOException {
        if (size < content.remaining()) {
            throw new IllegalArgumentException("size " + size + " is less than the " + content.remaining()
                    + " bytes of content");
        }
        Path absolute = file.toAbsolutePath();
        if (storage.exists(absolute)) {
            return false;
        }
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "."
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + ".creating");
        try {
            try (StorageFile f = storage.open(temporary, Storage.Mode.CREATE)) {
                f.write(0, content.duplicate());
                f.truncate(size);
                f.syncFile();
            }
            try {
                storage.link(temporary, absolute);
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        } finally {
            storage.delete(temporary);
        }
        storage.syncDirectory(absolute.getParent());
        return true;
    }
}
