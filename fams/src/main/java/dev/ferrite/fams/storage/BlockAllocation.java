package dev.ferrite.fams.storage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code fallocate(FALLOC_FL_KEEP_SIZE)} through {@code java.lang.foreign}: gives a range of a
 * file blocks without changing a byte of it or its size (a hole becomes an unwritten extent that
 * still reads as zeros), or fails with {@code ENOSPC} while nothing has changed. Being a metadata
 * operation, it cannot tear a sector as a write of the same zeros could in a power cut.
 *
 * <p>Where the call is missing (not Linux) or the file system cannot allocate ({@code EOPNOTSUPP}),
 * {@link #allocate} does nothing and returns false.
 */
@SuppressWarnings("restricted") // fallocate needs native access, as the mapping does
final class BlockAllocation implements AutoCloseable {
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int FALLOC_FL_KEEP_SIZE = 0x01;
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;

    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Natives NATIVES = Natives.load();

    private final Path file;
    private final int fd;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment errno = arena.allocate(CAPTURED);
    private boolean unsupported;

    private record Natives(MethodHandle open, MethodHandle close, MethodHandle fallocate) {
        static Natives load() {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
                return null;
            }
            try {
                Linker linker = Linker.nativeLinker();
                var libc = linker.defaultLookup();
                Linker.Option errno = Linker.Option.captureCallState("errno");
                return new Natives(
                        linker.downcallHandle(libc.findOrThrow("open"),
                                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                                errno),
                        linker.downcallHandle(libc.findOrThrow("close"),
                                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)),
                        linker.downcallHandle(libc.findOrThrow("fallocate"),
                                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                                        ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                                errno));
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
    }

    private BlockAllocation(Path file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    /**
     * Opens {@code file} for allocating blocks, or returns null if this platform cannot.
     *
     * @throws IOException if the file cannot be opened
     */
    static BlockAllocation open(Path file) throws IOException {
        if (NATIVES == null) {
            return null;
        }
        try (Arena names = Arena.ofConfined()) {
            MemorySegment errno = names.allocate(CAPTURED);
            int fd = (int) NATIVES.open().invokeExact(errno, names.allocateFrom(file.toString()), O_RDWR | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("cannot open " + file + " to allocate blocks: errno " + (int) ERRNO.get(errno, 0L));
            }
            return new BlockAllocation(file, fd);
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
        if (unsupported || length <= 0) {
            return !unsupported;
        }
        try {
            int rc = (int) NATIVES.fallocate().invokeExact(errno, fd, FALLOC_FL_KEEP_SIZE, position, length);
            if (rc == 0) {
                return true;
            }
            int code = (int) ERRNO.get(errno, 0L);
            IOException failure = new IOException("fallocate of " + length + " bytes at offset " + position + " of "
                    + file + " failed: errno " + code);
            if (code == ENOSPC || code == EDQUOT) {
                throw StorageFullException.of(file, length, failure);
            }
            // EOPNOTSUPP, ENOSYS and the like: blocks come with the writes, as without this class.
            unsupported = true;
            return false;
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
