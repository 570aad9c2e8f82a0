package dev.ferrite.fams.space;

import dev.ferrite.fams.natives.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of disk a file occupies ({@code st_blocks} × 512), through {@code statx}, whose
 * layout is the same on every Linux architecture. Java's file attributes report only the
 * logical size, which for a sparse file says nothing about the disk it uses.
 */
public final class DiskUsage {
    private static final int AT_FDCWD = -100;
    private static final int STATX_BLOCKS = 0x400;
    private static final long STX_BLOCKS_OFFSET = 48;
    private static final long STATX_SIZE = 256;

    private static final MethodHandle STATX = Libc.link(() -> Libc.function("statx", FunctionDescriptor.of(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS), Libc.ERRNO));

    private DiskUsage() {}

    /**
     * The disk bytes {@code file} occupies, or its logical size where the platform cannot tell.
     *
     * @throws IOException if the file cannot be examined
     */
    public static long of(Path file) throws IOException {
        if (STATX == null) {
            return Files.size(file);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Libc.CALL_STATE);
            MemorySegment buffer = arena.allocate(STATX_SIZE, 8);
            int rc = (int) STATX.invokeExact(errno, AT_FDCWD, arena.allocateFrom(file.toString()), 0, STATX_BLOCKS,
                    buffer);
            if (rc != 0) {
                throw new IOException("statx of " + file + " failed: errno " + Libc.errno(errno));
            }
            return buffer.get(ValueLayout.JAVA_LONG, STX_BLOCKS_OFFSET) * 512;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
