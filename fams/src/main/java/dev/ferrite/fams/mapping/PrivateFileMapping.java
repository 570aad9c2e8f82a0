package dev.ferrite.fams.mapping;

import dev.ferrite.fams.natives.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A {@code MAP_PRIVATE} mapping of a whole file with {@code MAP_NORESERVE}, through {@code mmap}.
 *
 * <p>{@link FileChannel#map} cannot pass {@code MAP_NORESERVE}, so the kernel charges a writable
 * private mapping's full size against the commit limit, and with the default heuristic
 * overcommit it refuses one larger than RAM plus swap: a 64 GiB sparse heap could not be mapped
 * on a 24 GiB machine although it touches only megabytes. With {@code MAP_NORESERVE} only pages
 * actually written take memory. Where {@code mmap} cannot be called (not Linux), {@link
 * #available()} is false and callers fall back to {@link FileChannel#map}.
 */
public final class PrivateFileMapping {
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int PROT_READ = 1;
    private static final int PROT_WRITE = 2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_NORESERVE = 0x4000;
    private static final long MAP_FAILED = -1L;

    private static final Natives NATIVES = Libc.link(() -> new Natives(
            Libc.function("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
                    Libc.ERRNO),
            Libc.function("mmap", FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG), Libc.ERRNO),
            Libc.function("munmap", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG))));

    private PrivateFileMapping() {}

    private record Natives(MethodHandle open, MethodHandle mmap, MethodHandle munmap) {}

    /** Whether {@link #map} can be used here. */
    public static boolean available() {
        return NATIVES != null;
    }

    /**
     * Maps the first {@code size} bytes of {@code file} privately: writes stay in this process until
     * they are written to the file explicitly. The file must be at least {@code size} bytes long
     * (a page beyond its end would fault). The mapping is removed when {@code arena} closes.
     *
     * @param writable whether the segment may be written (the file itself is opened read-only)
     * @throws IOException if the file cannot be opened or mapped; the message carries the errno
     */
    @SuppressWarnings("restricted")
    public static MemorySegment map(Path file, long size, boolean writable, Arena arena) throws IOException {
        if (NATIVES == null) {
            throw new IllegalStateException("mmap is not available on " + System.getProperty("os.name"));
        }
        if (size < 0) {
            throw new IllegalArgumentException("cannot map " + size + " bytes of " + file);
        }
        if (size == 0) {
            // mmap refuses an empty range; an empty file still opens, as with FileChannel.map.
            return arena.allocate(0);
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(Libc.CALL_STATE);
            int fd = (int) NATIVES.open().invokeExact(state, call.allocateFrom(file.toAbsolutePath().toString()),
                    O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("cannot open " + file + " for mapping: errno " + Libc.errno(state));
            }
            MemorySegment address;
            try {
                int protection = writable ? PROT_READ | PROT_WRITE : PROT_READ;
                address = (MemorySegment) NATIVES.mmap().invokeExact(
                        state, MemorySegment.NULL, size, protection, MAP_PRIVATE | MAP_NORESERVE, fd, 0L);
            } finally {
                // The mapping holds its own reference to the file; a failed close of a read-only
                // descriptor loses nothing.
                int ignored = Libc.close(fd);
            }
            if (address.address() == MAP_FAILED) {
                throw new IOException("cannot map " + size + " bytes of " + file + ": errno " + Libc.errno(state));
            }
            MemorySegment mapping = address.reinterpret(size, arena, start -> unmap(start, size));
            return writable ? mapping : mapping.asReadOnly();
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap call failed", t);
        }
    }

    private static void unmap(MemorySegment start, long size) {
        try {
            int rc = (int) NATIVES.munmap().invokeExact(start, size);
            if (rc != 0) {
                throw new IllegalStateException("munmap failed for " + size + " bytes");
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap call failed", t);
        }
    }
}
