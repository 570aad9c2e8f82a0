package dev.ferrite.fams;

import dev.ferrite.fams.WriterLock.OfdLock;
import dev.ferrite.fams.natives.Libc;
import dev.ferrite.fams.storage.ReaderExclusion;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What keeps a checkpoint from changing data-file pages under a read-only process of a
 * write-ahead file: two open file description locks ({@code F_OFD_SETLK}) on bytes of the data
 * file that the {@link WriterLock} (byte 0) does not use.
 * <ul>
 *   <li><b>Byte {@value #READERS}</b>: every read-only open holds a shared lock on it from before
 *       it reads the log until it closes. A checkpoint holds it exclusively, so it runs only while
 *       no reader is open, and no reader opens while it runs.</li>
 *   <li><b>Byte {@value #GATE}</b>: a reader holds it shared only for the instant of taking byte
 *       {@value #READERS}. A writer that must wait for the open readers to close holds it
 *       exclusively, so that new readers wait behind it instead of starving it; readers see that
 *       through {@link #writerWaiting()}.</li>
 * </ul>
 * The locks belong to their own descriptions, so readers and the writer conflict within one
 * process as between processes, and die with their process. Waits poll, so a wait never blocks
 * in the kernel where a Java thread could not be interrupted.
 */
final class ReaderLock implements ReaderExclusion, AutoCloseable {
    static final long GATE = 1;
    static final long READERS = 2;
    /** How long a read-only open waits for a checkpoint that waits for other readers. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(10);
    private static final int O_RDONLY = 0;
    private static final int F_OFD_GETLK = 36;
    private static final short F_RDLCK = 0;
    private static final short F_UNLCK = 2;

    private final Path dataFile;
    private final int fd;
    private volatile boolean closed;

    private ReaderLock(Path dataFile, int fd) {
        this.dataFile = dataFile;
        this.fd = fd;
    }

    /** The writer's side for {@code dataFile}; {@link ReaderExclusion#NONE} where there are no OFD locks. */
    static ReaderExclusion forWriter(Path dataFile) throws IOException {
        if (OfdLock.NATIVES == null) {
            return ReaderExclusion.NONE;
        }
        return new ReaderLock(dataFile, open(dataFile, OfdLock.O_RDWR));
    }

    /**
     * A reader's shared lock on {@code dataFile}, taken once no checkpoint runs or waits; null where
     * there are no OFD locks.
     *
     * @throws FamsLockedException if a checkpoint kept it out for {@link #OPEN_WAIT}
     */
    static ReaderLock share(Path dataFile) throws IOException {
        if (OfdLock.NATIVES == null) {
            return null;
        }
        ReaderLock lock = new ReaderLock(dataFile, open(dataFile, O_RDONLY));
        try {
            long deadline = System.nanoTime() + OPEN_WAIT.toNanos();
            for (int attempt = 0; ; attempt++) {
                if (lock.set(F_RDLCK, GATE)) {
                    boolean in = lock.set(F_RDLCK, READERS);
                    lock.set(F_UNLCK, GATE);
                    if (in) {
                        return lock;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new FamsLockedException(dataFile + ": its writer has waited " + OPEN_WAIT.toSeconds() + " s"
                            + " for the read-only opens to close so that it can checkpoint, and lets no new one in"
                            + " meanwhile; close the read-only opens that stay open long");
                }
                pause(attempt);
            }
        } catch (RuntimeException | Error e) {
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Read-only side: whether the writer waits for the open readers to close so that it can checkpoint. */
    boolean writerWaiting() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(OfdLock.CAPTURED);
            OfdLock.Fcntl r = OfdLock.fcntl(fd, F_OFD_GETLK, F_RDLCK, GATE, 1, state, call);
            if (r.rc() != 0) {
                throw new FamsException("cannot test the checkpoint lock of " + dataFile + ": errno "
                        + OfdLock.errno(state));
            }
            return r.type() != F_UNLCK;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("fcntl call failed", t);
        }
    }

    @Override
    public boolean tryExclude() {
        return set(OfdLock.F_WRLCK, READERS);
    }

    @Override
    public void exclude() {
        for (int attempt = 0; !set(OfdLock.F_WRLCK, GATE); attempt++) {
            pause(attempt); // readers hold the gate only for an instant
        }
        for (int attempt = 0; !set(OfdLock.F_WRLCK, READERS); attempt++) {
            pause(attempt);
        }
    }

    @Override
    public void admit() {
        set(F_UNLCK, READERS);
        set(F_UNLCK, GATE);
    }

    /** Sets a lock of {@code type} on byte {@code at}; false if another description holds a conflicting one. */
    private boolean set(short type, long at) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(OfdLock.CAPTURED);
            if (OfdLock.fcntl(fd, OfdLock.F_OFD_SETLK, type, at, 1, state, call).rc() == 0) {
                return true;
            }
            int errno = OfdLock.errno(state);
            if (errno == OfdLock.EAGAIN || errno == OfdLock.EACCES) {
                return false;
            }
            throw new FamsException("cannot lock byte " + at + " of " + dataFile + " against checkpoints: errno " + errno);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("fcntl call failed", t);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(10, 1 + attempt / 10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FamsException("interrupted while waiting for the checkpoint lock", e);
        }
    }

    private static int open(Path dataFile, int mode) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(OfdLock.CAPTURED);
            byte[] name = dataFile.toString().getBytes(StandardCharsets.UTF_8);
            MemorySegment cName = call.allocate(name.length + 1L);
            MemorySegment.copy(name, 0, cName, ValueLayout.JAVA_BYTE, 0, name.length);
            int fd = (int) OfdLock.NATIVES.open().invokeExact(state, cName,
                    mode | OfdLock.O_NOFOLLOW | OfdLock.O_CLOEXEC);
            if (fd < 0) {
                throw new IOException("cannot open " + dataFile + " to lock it against checkpoints: errno "
                        + OfdLock.errno(state));
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("open call failed", t);
        }
    }

    /** Closes the descriptor, which releases its locks. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (Libc.close(fd) != 0) {
            throw new IOException("close of the checkpoint lock's descriptor of " + dataFile + " failed");
        }
    }
}
