package dev.ferrite.fams.space;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The bytes of disk a file occupies ({@code st_blocks} × 512), through {@code statx}, whose
 * layout is the same on every Linux architecture. Java's file attributes report only the
 * logical size, which for a sparse file says nothing about the disk it uses.
 */
@SuppressWarnings("restricted") // statx needs native access, as the mapping does
public final class DiskUsage {
    private static final int AT_FDCWD = -100;
    private static final int STATX_BLOCKS = 0x400;
    private static final long STX_BLOCKS_OFFSET = 48;
    private static final long STATX_SIZE = 256;

    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle STATX = lookup();

    private DiskUsage() {}

    private static MethodHandle lookup() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.downcallHandle(linker.defaultLookup().findOrThrow("statx"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
                    Linker.Option.captureCallState("errno"));
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

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
            MemorySegment errno = arena.allocate(CAPTURED);
            MemorySegment buffer = arena.allocate(STATX_SIZE, 8);
            int rc = (int) STATX.invokeExact(errno, AT_FDCWD, arena.allocateFrom(file.toString()), 0, STATX_BLOCKS,
                    buffer);
            if (rc != 0) {
                throw new IOException("statx of " + file + " failed: errno " + (int) ERRNO.get(errno, 0L));
            }
            return buffer.get(ValueLayout.JAVA_LONG, STX_BLOCKS_OFFSET) * 512;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
