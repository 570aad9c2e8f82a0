package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.HeapIoException;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.HeapLayout;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** The cheap checks that a file is a heap before it is mapped. */
public final class HeapFiles {

    private HeapFiles() {}

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
            throw new HeapIoException("cannot read heap " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The bound stored in the header of the heap at {@code path} as the file holds it now (an
     * unfinished commit may change it), or {@link HeapHeader#UNBOUNDED} if it cannot be read: for
     * choosing the address space to reserve before the heap is opened properly.
     */
    public static long storedBound(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer page = ByteBuffer.allocate(HeapLayout.PAGE_SIZE);
            int read = 0;
            while (read >= 0 && page.hasRemaining()) {
                read = channel.read(page, page.position());
            }
            return HeapHeader.peekBound(MemorySegment.ofArray(page.array()));
        } catch (IOException e) {
            return HeapHeader.UNBOUNDED;
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
            throw new HeapIoException("cannot read heap " + path + ": " + e.getMessage(), e);
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
