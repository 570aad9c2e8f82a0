package dev.ferrite.fams.storage;

import dev.ferrite.fams.natives.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Which file a path names: its inode number, its birth time in nanoseconds and its inode
 * generation (each 0 where the file system does not record it). All three survive every write,
 * truncation and rename of the file; a file restored from a backup, copied, or created anew at the
 * same path differs in at least one of them where the file system records the birth time or the
 * generation, even when it reuses the inode number. A log records its data file's identity, so it
 * is never applied to another file.
 */
public record FileId(long inode, long birthNanos, int generation) {
    /** The identity of a log written before identities were recorded: it matches any file. */
    public static final FileId UNKNOWN = new FileId(0, 0, 0);

    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int STATX_INO = 0x100;
    private static final int STATX_BTIME = 0x800;
    private static final long STATX_SIZE = 256;
    private static final long MASK_OFFSET = 0;
    private static final long INO_OFFSET = 32;
    private static final long BTIME_OFFSET = 80;
    private static final int O_RDONLY_NOFOLLOW_CLOEXEC_NONBLOCK = 0x20000 | 0x80000 | 0x800;
    /** {@code FS_IOC_GETVERSION}: the inode generation, a number the file system draws anew for every inode it allocates. */
    private static final long FS_IOC_GETVERSION = 0x80087601L;
    private static final Natives NATIVES = Libc.link(() -> new Natives(
            Libc.function("statx", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Libc.ERRNO),
            Libc.function("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT), Libc.ERRNO),
            Libc.function("ioctl", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), Libc.ERRNO)));

    private record Natives(MethodHandle statx, MethodHandle open, MethodHandle ioctl) {}

    /** Whether a log that recorded this identity belongs to a file of identity {@code file}. */
    public boolean matches(FileId file) {
        if (this.equals(UNKNOWN) || file.equals(UNKNOWN)) {
            return true;
        }
        return inode == file.inode && (birthNanos == 0 || file.birthNanos == 0 || birthNanos == file.birthNanos)
                && (generation == 0 || file.generation == 0 || generation == file.generation);
    }

    @Override
    public String toString() {
        return "inode " + inode + (birthNanos == 0 ? "" : ", born " + java.time.Instant.ofEpochSecond(0, birthNanos))
                + (generation == 0 ? "" : ", generation " + Integer.toUnsignedString(generation));
    }

    /** The identity of the regular file {@code file}, not following a final link. */
    public static FileId of(Path file) throws IOException {
        if (NATIVES == null) {
            Object inode = Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            return new FileId((Long) inode, 0, 0);
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(Libc.CALL_STATE);
            MemorySegment cName = call.allocateFrom(file.toAbsolutePath().toString());
            MemorySegment buf = call.allocate(STATX_SIZE, 8);
            int rc = (int) NATIVES.statx().invokeExact(state, AT_FDCWD, cName, AT_SYMLINK_NOFOLLOW, STATX_INO | STATX_BTIME, buf);
            if (rc != 0) {
                throw new IOException("statx of " + file + " failed: errno " + Libc.errno(state));
            }
            int mask = buf.get(ValueLayout.JAVA_INT, MASK_OFFSET);
            long birth = (mask & STATX_BTIME) == 0 ? 0
                    : buf.get(ValueLayout.JAVA_LONG, BTIME_OFFSET) * 1_000_000_000L
                            + Integer.toUnsignedLong(buf.get(ValueLayout.JAVA_INT, BTIME_OFFSET + 8));
            return new FileId(buf.get(ValueLayout.JAVA_LONG, INO_OFFSET), birth, generation(cName, call));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("statx call failed", t);
        }
    }

    /** The inode generation of the file named by {@code cName}, or 0 where the file system keeps none. */
    private static int generation(MemorySegment cName, Arena call) throws Throwable {
        MemorySegment state = call.allocate(Libc.CALL_STATE);
        // Non-blocking, so that a FIFO swapped in since the checks cannot block the open.
        int fd = (int) NATIVES.open().invokeExact(state, cName, O_RDONLY_NOFOLLOW_CLOEXEC_NONBLOCK);
        if (fd < 0) {
            return 0;
        }
        try {
            MemorySegment version = call.allocate(ValueLayout.JAVA_LONG);
            int rc = (int) NATIVES.ioctl().invokeExact(state, fd, FS_IOC_GETVERSION, version);
            return rc == 0 ? version.get(ValueLayout.JAVA_INT, 0) : 0;
        } finally {
            int ignored = Libc.close(fd);
        }
    }
}
