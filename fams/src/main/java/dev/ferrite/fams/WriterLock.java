package dev.ferrite.fams;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The OS lock that makes one process the writer of a FAMS file. It lives on a separate lock file
 * because POSIX releases all of a process's locks on a file when any descriptor of that file is
 * closed, and the data file is opened and closed by other code. The lock dies with the process,
 * so a crashed writer never leaves a stale lock behind.
 */
final class WriterLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private WriterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static WriterLock acquire(Path lockFile, Path dataFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, Set.<OpenOption>of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            FileLock lock = channel.tryLock(0, 1, false);
            if (lock == null) {
                throw new FamsLockedException(dataFile + " is open for writing by another process (it holds "
                        + lockFile + "); open it read-only or stop the other writer");
            }
            return new WriterLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new FamsLockedException(dataFile + " is already open for writing in this JVM; close that FamsFile first");
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
