package dev.ferrite.fams;

import dev.ferrite.fams.natives.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The lock that makes one process the writer of a FAMS file: on Linux an open file description
 * lock ({@code F_OFD_SETLK}) on the first byte of the data file itself.
 * <ul>
 *   <li>It is on the file's inode, so every name of the file (a symbolic link, a hard link) meets
 *       the same lock, and no lock file is left behind for another user to own.</li>
 *   <li>It belongs to one open file description, not to the process: a second open in this
 *       process conflicts with it exactly as one in another process does, and closing other
 *       descriptors of the file (the mapping's, a refused open's) never releases it, as closing
 *       any descriptor would release a classic POSIX lock.</li>
 *   <li>It dies with the process, so a crashed writer leaves no stale lock.</li>
 * </ul>
 * Where OFD locks are unavailable, a classic lock on the data file is taken and a process-wide
 * registry refuses a second open before it opens a descriptor; there, other code of the process
 * that opens and closes the data file releases the lock.
 */
abstract sealed class WriterLock implements AutoCloseable {

    /** Locks {@code dataFile}, a regular file named by its real path. */
    static WriterLock acquire(Path dataFile) throws IOException {
        if (OfdLock.NATIVES != null) {
            WriterLock lock = OfdLock.tryAcquire(dataFile);
            if (lock != null) {
                return lock;
            }
        }
        return ChannelLock.acquire(dataFile);
    }

    static FamsLockedException locked(Path dataFile) {
        return new FamsLockedException(dataFile + " is open for writing by another process or by another FamsFile"
                + " of this one; open it read-only or close the other writer");
    }

    @Override
    public abstract void close() throws IOException;

    /** The Linux lock: see the class comment. */
    static final class OfdLock extends WriterLock {
        static final int O_RDWR = 2;
        static final int O_NOFOLLOW = 0x20000;
        static final int O_CLOEXEC = 0x80000;
        static final int F_OFD_SETLK = 37;
        static final short F_WRLCK = 1;
        static final int EACCES = 13;
        static final int EAGAIN = 11;
        private static final StructLayout FLOCK = MemoryLayout.structLayout(
                ValueLayout.JAVA_SHORT.withName("l_type"), ValueLayout.JAVA_SHORT.withName("l_whence"),
                MemoryLayout.paddingLayout(4), ValueLayout.JAVA_LONG.withName("l_start"),
                ValueLayout.JAVA_LONG.withName("l_len"), ValueLayout.JAVA_INT.withName("l_pid"),
                MemoryLayout.paddingLayout(4));
        static final StructLayout CAPTURED = Libc.CALL_STATE;
        static final Natives NATIVES = Libc.link(() -> new Natives(
                Libc.function("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_INT), Libc.ERRNO),
                Libc.function("fcntl", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.JAVA_INT, ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(2), Libc.ERRNO)));

        private final int fd;

        private OfdLock(int fd) {
            this.fd = fd;
        }

        record Natives(MethodHandle open, MethodHandle fcntl) {}

        /** The lock, or null if this kernel or file system has no OFD locks. */
        static WriterLock tryAcquire(Path dataFile) throws IOException {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment state = call.allocate(CAPTURED);
                int fd = (int) NATIVES.open().invokeExact(state, call.allocateFrom(dataFile.toString()),
                        O_RDWR | O_NOFOLLOW | O_CLOEXEC);
                if (fd < 0) {
                    throw new IOException("cannot open " + dataFile + " to lock it: errno " + errno(state));
                }
                int rc = fcntl(fd, F_WRLCK, state, call);
                if (rc == 0) {
                    return new OfdLock(fd);
                }
                int error = errno(state);
                int ignored = Libc.close(fd);
                if (error == EAGAIN || error == EACCES) {
                    throw locked(dataFile);
                }
                return null;
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("fcntl call failed", t);
            }
        }

        private static int fcntl(int fd, short type, MemorySegment state, Arena call) throws Throwable {
            return fcntl(fd, F_OFD_SETLK, type, 0, 1, state, call).rc();
        }

        /** What {@code fcntl(fd, command, {type, start, length})} returned, and the lock type it left in the struct. */
        record Fcntl(int rc, short type) {}

        /** One OFD lock call on bytes {@code [start, start + length)} ({@code F_OFD_SETLK} or {@code F_OFD_GETLK}). */
        static Fcntl fcntl(int fd, int command, short type, long start, long length, MemorySegment state, Arena call)
                throws Throwable {
            MemorySegment lock = call.allocate(FLOCK);
            lock.set(ValueLayout.JAVA_SHORT, FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_type")), type);
            lock.set(ValueLayout.JAVA_LONG, FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_start")), start);
            lock.set(ValueLayout.JAVA_LONG, FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_len")), length);
            int rc = (int) NATIVES.fcntl().invokeExact(state, fd, command, lock);
            return new Fcntl(rc, lock.get(ValueLayout.JAVA_SHORT,
                    FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_type"))));
        }

        static int errno(MemorySegment state) {
            return Libc.errno(state);
        }

        @Override
        public void close() throws IOException {
            // Closing the last descriptor of the description releases the lock: no unlock call needed.
            if (Libc.close(fd) != 0) {
                throw new IOException("close of the writer's lock descriptor failed");
            }
        }
    }

    /** The portable lock: see the class comment. */
    static final class ChannelLock extends WriterLock {
        private static final Set<Object> HELD = new HashSet<>();
        private final Object key;
        private final FileChannel channel;
        private final FileLock lock;

        private ChannelLock(Object key, FileChannel channel, FileLock lock) {
            this.key = key;
            this.channel = channel;
            this.lock = lock;
        }

        static WriterLock acquire(Path dataFile) throws IOException {
            Object key = Files.readAttributes(dataFile, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS).fileKey();
            if (key == null) {
                key = dataFile;
            }
            synchronized (HELD) {
                if (!HELD.add(key)) {
                    throw locked(dataFile);
                }
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(dataFile, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
                FileLock lock = channel.tryLock(0, 1, false);
                if (lock == null) {
                    throw locked(dataFile);
                }
                return new ChannelLock(key, channel, lock);
            } catch (IOException | RuntimeException e) {
                if (channel != null) {
                    channel.close();
                }
                synchronized (HELD) {
                    HELD.remove(key);
                }
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
                channel.close();
            } finally {
                synchronized (HELD) {
                    HELD.remove(key);
                }
            }
        }
    }
}
