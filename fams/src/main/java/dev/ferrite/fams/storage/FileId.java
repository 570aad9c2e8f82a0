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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which file a path names: its inode number and its birth time in nanoseconds (0 where the file
 * system does not record one). Both survive every write, truncation and rename of the file; a
 * file restored from a backup, copied, or created anew at the same path gets another pair, even
 * where the file system reuses the inode number. A log records the pair of its data file, so it
 * is never applied to another file.
 */
public record FileId(long inode, long birthNanos) {
    /** The identity of a log written before identities were recorded: it matches any file. */
    public static final FileId UNKNOWN = new FileId(0, 0);

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int STATX_INO = 0x100;
    private static final int STATX_BTIME = 0x800;
    private static final long STATX_SIZE = 256;
    private static final long MASK_OFFSET = 0;
    private static final long INO_OFFSET = 32;
    private static final long BTIME_OFFSET = 80;
    private static final StructLayout CAPTURED = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURED.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle STATX = statx();

    /** Whether a log that recorded this identity belongs to a file of identity {@code file}. */
    public boolean matches(FileId file) {
        if (this.equals(UNKNOWN) || file.equals(UNKNOWN)) {
            return true;
        }
        return inode == file.inode && (birthNanos == 0 || file.birthNanos == 0 || birthNanos == file.birthNanos);
    }

    @Override
    public String toString() {
        return "inode " + inode + (birthNanos == 0 ? "" : ", born " + java.time.Instant.ofEpochSecond(0, birthNanos));
    }

    /** The identity of the regular file {@code file}, not following a final link. */
    public static FileId of(Path file) throws IOException {
        if (STATX == null) {
            Object inode = Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            return new FileId((Long) inode, 0);
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CAPTURED);
            byte[] name = file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
            MemorySegment cName = call.allocate(name.length + 1L);
            MemorySegment.copy(name, 0, cName, ValueLayout.JAVA_BYTE, 0, name.length);
            MemorySegment buf = call.allocate(STATX_SIZE, 8);
            int rc = (int) STATX.invokeExact(state, AT_FDCWD, cName, AT_SYMLINK_NOFOLLOW, STATX_INO | STATX_BTIME, buf);
            if (rc != 0) {
                throw new IOException("statx of " + file + " failed: errno " + (int) ERRNO.get(state, 0L));
            }
            int mask = buf.get(ValueLayout.JAVA_INT, MASK_OFFSET);
            long birth = (mask & STATX_BTIME) == 0 ? 0
                    : buf.get(ValueLayout.JAVA_LONG, BTIME_OFFSET) * 1_000_000_000L
                            + Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, BTIME_OFFSET + 8));
            return new FileId(buf.get(ValueLayout.JAVA_LONG, INO_OFFSET), birth);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("statx call failed", t);
        }
    }

    @SuppressWarnings("restricted")
    private static MethodHandle statx() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        Linker linker = Linker.nativeLinker();
        try {
            return linker.downcallHandle(linker.defaultLookup().findOrThrow("statx"),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS),
                    Linker.Option.captureCallState("errno"));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
