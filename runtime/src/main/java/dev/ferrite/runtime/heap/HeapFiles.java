package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.HeapLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Creating a heap file, and the cheap check that a file is one before it is mapped. */
public final class HeapFiles {

    private HeapFiles() {}

    /**
     * Creates an empty heap of {@code capacity} bytes at {@code path}, unless a file appears there
     * first. The file is written in full (header page, sparse rest) under a temporary name and
     * then linked into place, so a crash never leaves a half-made heap at {@code path}.
     */
    public static void create(Path path, long capacity) {
        Path absolute = path.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, absolute.getFileName() + ".", ".creating", ownerOnly());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(HeapHeader.empty(capacity).toPage()), 0);
                // One byte at the end sets the length; the pages between stay holes.
                channel.write(ByteBuffer.wrap(new byte[1]), capacity - 1);
                channel.force(true);
            }
            try {
                // A hard link, unlike a rename, fails if another process created the heap meanwhile.
                Files.createLink(absolute, temporary);
            } catch (FileAlreadyExistsException e) {
                return;
            } catch (UnsupportedOperationException | FileSystemException e) {
                // No hard links here: a move that refuses to replace is the next best thing.
                try {
                    Files.move(temporary, absolute);
                } catch (FileAlreadyExistsException raced) {
                    return;
                }
            }
            syncDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create heap " + path + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // A stray temporary file is harmless; the heap itself is in place.
                }
            }
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
        }
        return new FileAttribute<?>[0];
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Refuses a file that is too short to be a heap or carries no heap magic, before anything
     * maps it or creates files beside it. The magic never changes once written, so this holds
     * even when the file has a commit in flight that recovery will undo.
     *
     * @throws CorruptHeapException saying what the file is not
     */
    public static void checkIsHeap(Path path) {
        checkRegularFile(path);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HeapLayout.PAGE_SIZE) {
                throw new CorruptHeapException(path + ": not a Ferrite heap: the file has " + size
                        + " bytes, fewer than the " + HeapLayout.PAGE_SIZE + " of a heap's header page");
            }
            ByteBuffer page = ByteBuffer.allocate(HeapLayout.PAGE_SIZE);
            int read = 0;
            while (read >= 0 && page.hasRemaining()) {
                read = channel.read(page, page.position());
            }
            if (!HeapHeader.hasMagic(MemorySegment.ofArray(page.array()))) {
                throw new CorruptHeapException(path + ": not a Ferrite heap (no heap magic at offset 0 or 2048)");
            }
        } catch (IOException e) {
            throw new FerriteException("cannot read heap " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses anything but a regular file (after symbolic links) from its attributes alone: opening
     * a FIFO blocks until a writer appears, a device may be endless, and a directory cannot be read.
     *
     * @throws CorruptHeapException naming the path and what it is
     */
    public static void checkRegularFile(Path path) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            throw new FerriteException("cannot read heap " + path + ": " + e.getMessage(), e);
        }
        if (!attributes.isRegularFile()) {
            throw new CorruptHeapException(path + ": not a Ferrite heap: it is " + kindOf(path, attributes)
                    + ", not a regular file");
        }
    }

    private static String kindOf(Path path, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return "a directory";
        }
        try {
            // The file type bits of st_mode, where the platform has them.
            int type = (Integer) Files.getAttribute(path, "unix:mode") & 0170000;
            return switch (type) {
                case 0010000 -> "a FIFO (named pipe)";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0140000 -> "a socket";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }
}
