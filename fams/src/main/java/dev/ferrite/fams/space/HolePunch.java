package dev.ferrite.fams.space;

import dev.ferrite.fams.natives.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * {@code fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)} through {@code java.lang.foreign}:
 * frees the blocks under a range of a file, which then reads as zeros, without changing its size.
 * A range that is already a hole is found with {@code lseek(SEEK_DATA)} and skipped, so sweeping
 * many free ranges costs one cheap call for each that holds nothing.
 *
 * <p>Where the calls are missing (not Linux) or the file system cannot punch holes
 * ({@code EOPNOTSUPP}), {@link #open} returns null: the space then simply stays allocated.
 */
public final class HolePunch implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    private static final int SEEK_DATA = 3;
    private static final int ENXIO = 6;
    private static final int EOPNOTSUPP = 95;
    private static final int ENOSYS = 38;
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;

    private static final Natives NATIVES = Libc.link(() -> new Natives(
            Libc.function("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    Libc.ERRNO),
            Libc.function("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)),
            Libc.function("fallocate", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), Libc.ERRNO),
            Libc.function("lseek", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT), Libc.ERRNO),
            Libc.function("fsync", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), Libc.ERRNO)));

    private final Path file;
    private final int fd;
    /** Shared: the file that owns this punches from whichever thread commits or compacts; it serialises the calls. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = arena.allocate(Libc.CALL_STATE);

    private record Natives(MethodHandle open, MethodHandle close, MethodHandle fallocate, MethodHandle lseek,
                           MethodHandle fsync) {}

    private HolePunch(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    /**
     * Opens {@code file} for punching, or returns null if this platform cannot punch holes.
     *
     * @throws IOException if the file cannot be opened
     */
    public static HolePunch open(Path file) throws IOException {
        if (NATIVES == null) {
            return null;
        }
        try (Arena names = Arena.ofConfined()) {
            MemorySegment errno = names.allocate(Libc.CALL_STATE);
            int fd = (int) NATIVES.open().invokeExact(errno, names.allocateFrom(file.toString()), O_RDWR | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("cannot open " + file + " to release space: errno " + Libc.errno(errno));
            }
            return new HolePunch(file, fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Frees the blocks under {@code length} bytes at {@code offset}, unless that range holds no
     * data already.
     *
     * @return whether the range may have held blocks (and was punched); false if it was a hole, or
     *     the file system had no space to split the range's extent (then it keeps its blocks)
     * @throws UnsupportedOperationException if the file system cannot punch holes
     * @throws IOException for any other failure
     */
    public boolean punch(long offset, long length) throws IOException {
        if (length <= 0) {
            return false;
        }
        try {
            long data = (long) NATIVES.lseek().invokeExact(errno, fd, offset, SEEK_DATA);
            if (data < 0) {
                if (Libc.errno(errno) == ENXIO) {
                    return false; // no data from offset to the end of the file
                }
            } else if (data >= offset + length) {
                return false;
            }
            int rc = (int) NATIVES.fallocate().invokeExact(errno, fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                    offset, length);
            if (rc != 0) {
                int code = Libc.errno(errno);
                if (code == EOPNOTSUPP || code == ENOSYS) {
                    throw new UnsupportedOperationException("the file system of " + file + " cannot punch holes");
                }
                if (code == ENOSPC || code == EDQUOT) {
                    // Splitting an extent can need a block the full file system lacks: the range keeps
                    // its blocks, nothing changed, and the next writable open releases it again.
                    return false;
                }
                throw new IOException("fallocate(PUNCH_HOLE) of " + length + " bytes at offset " + offset + " of "
                        + file + " failed: errno " + code);
            }
            return true;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Whether the file holds no data from {@code offset} to its end: only holes, or nothing. */
    public boolean holeFrom(long offset) throws IOException {
        try {
            long data = (long) NATIVES.lseek().invokeExact(errno, fd, offset, SEEK_DATA);
            if (data >= 0) {
                return false;
            }
            int code = Libc.errno(errno);
            if (code != ENXIO) {
                throw new IOException("lseek(SEEK_DATA) at offset " + offset + " of " + file + " failed: errno " + code);
            }
            return true;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Makes the punched holes durable ({@code fsync}). */
    public void sync() throws IOException {
        try {
            int rc = (int) NATIVES.fsync().invokeExact(errno, fd);
            if (rc != 0) {
                throw new IOException("fsync of " + file + " after punching holes failed: errno "
                        + Libc.errno(errno));
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        try {
            int rc = (int) NATIVES.close().invokeExact(fd);
            assert rc == 0 : "close failed";
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        } finally {
            arena.close();
        }
    }
}
