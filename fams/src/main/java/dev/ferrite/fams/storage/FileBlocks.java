package dev.ferrite.fams.storage;

import dev.ferrite.fams.natives.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * The disk blocks under a file, through {@code java.lang.foreign} on a descriptor of its own:
 * {@code fallocate(FALLOC_FL_KEEP_SIZE)} gives a range blocks ahead of the writes that will fill
 * it ({@link #allocate}), {@code fallocate(FALLOC_FL_PUNCH_HOLE)} takes them away ({@link
 * #punch}), and {@code lseek(SEEK_DATA)} finds where blocks are ({@link #holeFrom}). None changes
 * a byte the file reads as or its size; being metadata operations, they cannot tear a sector as a
 * write of the same zeros could in a power cut.
 *
 * <p>Where the calls are missing (not Linux), {@link #open} returns null.
 */
final class FileBlocks implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    private static final int SEEK_DATA = 3;
    private static final int ENXIO = 6;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;
    /** What {@link #seekData} returns when there is no data from the offset on. */
    private static final long NO_DATA = -1;
    /** What {@link #seekData} returns when it cannot tell: a punch then goes ahead. */
    private static final long UNKNOWN = -2;

    private static final Natives NATIVES = Libc.link(() -> new Natives(
            Libc.function("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    Libc.ERRNO),
            Libc.function("fallocate", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), Libc.ERRNO),
            Libc.function("lseek", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), Libc.ERRNO)));

    private record Natives(MethodHandle open, MethodHandle fallocate, MethodHandle lseek) {}

    private final Path file;
    private final int fd;
    /** Shared: commits and compactions reach the file from whichever thread runs them; its user serialises the calls. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = arena.allocate(Libc.CALL_STATE);

    private FileBlocks(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    /**
     * Opens {@code file} for changing its blocks, or returns null if this platform cannot.
     *
     * @throws IOException if the file cannot be opened
     */
    static FileBlocks open(Path file) throws IOException {
        if (NATIVES == null) {
            return null;
        }
        try (Arena names = Arena.ofConfined()) {
            MemorySegment errno = names.allocate(Libc.CALL_STATE);
            int fd = (int) NATIVES.open().invokeExact(errno, names.allocateFrom(file.toString()), O_RDWR | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("cannot open " + file + " to change its disk blocks: errno " + Libc.errno(errno));
            }
            return new FileBlocks(file, fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Gives the {@code length} bytes at {@code position} blocks, changing neither their bytes nor
     * the file's size.
     *
     * @return false if the file system cannot allocate blocks ahead (nothing was done)
     * @throws StorageFullException if the file system has no space for them
     * @throws IOException for any other failure
     */
    boolean allocate(long position, long length) throws IOException {
        if (length <= 0) {
            return true;
        }
        int rc = fallocate(FALLOC_FL_KEEP_SIZE, position, length);
        if (rc == 0) {
            return true;
        }
        int code = Libc.errno(errno);
        IOException failure = new IOException("fallocate of " + length + " bytes at offset " + position + " of "
                + file + " failed: errno " + code);
        if (code == ENOSPC || code == EDQUOT) {
            throw StorageFullException.of(file, length, failure);
        }
        // EOPNOTSUPP, ENOSYS and the like: blocks come with the writes, as without this call.
        return false;
    }

    /**
     * Frees the blocks under {@code length} bytes at {@code position}, unless that range holds no
     * data already.
     *
     * @return whether the range may have held blocks (and was punched); false if it was a hole, or
     *     the file system had no space to split the range's extent (then it keeps its blocks)
     * @throws UnsupportedOperationException if the file system cannot punch holes
     * @throws IOException for any other failure
     */
    boolean punch(long position, long length) throws IOException {
        if (length <= 0) {
            return false;
        }
        long data = seekData(position);
        if (data == NO_DATA || data >= position + length) {
            return false;
        }
        int rc = fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, position, length);
        if (rc == 0) {
            return true;
        }
        int code = Libc.errno(errno);
        if (code == EOPNOTSUPP || code == ENOSYS) {
            throw new UnsupportedOperationException("the file system of " + file + " cannot punch holes");
        }
        if (code == ENOSPC || code == EDQUOT) {
            // Splitting an extent can need a block the full file system lacks: the range keeps
            // its blocks, nothing changed, and the next writable open releases it again.
            return false;
        }
        throw new IOException("fallocate(PUNCH_HOLE) of " + length + " bytes at offset " + position + " of "
                + file + " failed: errno " + code);
    }

    /** Whether the file holds no data from {@code position} to its end: only holes, or nothing. */
    boolean holeFrom(long position) throws IOException {
        long data = seekData(position);
        if (data == UNKNOWN) {
            throw new IOException("lseek(SEEK_DATA) at offset " + position + " of " + file + " failed: errno "
                    + Libc.errno(errno));
        }
        return data == NO_DATA;
    }

    /**
     * The offset of the first data at or after {@code position}; {@link #NO_DATA} if there is
     * none, {@link #UNKNOWN} if {@code lseek} failed otherwise (its {@code errno} is in {@link #errno}).
     */
    private long seekData(long position) {
        long data;
        try {
            data = (long) NATIVES.lseek().invokeExact(errno, fd, position, SEEK_DATA);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        if (data >= 0) {
            return data;
        }
        return Libc.errno(errno) == ENXIO ? NO_DATA : UNKNOWN;
    }

    private int fallocate(int mode, long position, long length) {
        try {
            return (int) NATIVES.fallocate().invokeExact(errno, fd, mode, position, length);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        try {
            int rc = Libc.close(fd);
            assert rc == 0 : "close failed";
        } finally {
            arena.close();
        }
    }
}
