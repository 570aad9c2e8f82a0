package dev.ferrite.fams.recovery;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.crash.Crashpoint;
import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.log.LogIdentity;
import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What both recoveries (undo and redo) do to open a data file, to put a log beside it and to tell
 * whether a log found there is this file's: a log is created whole or not at all, and the data file is
 * marked with the id of its current log in an extended attribute, which stays with the file
 * whatever name or path it is opened by. A log whose id differs from the mark is stale: the file
 * has been used with another log since (moved away and back, or opened through a bind mount).
 */
final class LogPlacement {
    /** The extended attribute (user namespace) naming a data file's current log. */
    static final String LOG_MARK = "ferrite.fams-log";

    private LogPlacement() {}

    /**
     * Creates {@code target} holding {@code header} and zeros up to {@code length} bytes: written
     * to {@code temporary}, synced, renamed into place, the directory synced. The data file is
     * marked with the log's id first, durably, so that the mark never names a log older than the
     * one in place.
     */
    static StorageFile create(Storage storage, LogFiles files, StorageFile data, LogIdentity identity,
                              Path temporary, Path target, ByteBuffer header, long length) throws IOException {
        if (storage.setAttribute(files.data(), LOG_MARK, identity.fileIdHex().getBytes(StandardCharsets.US_ASCII))) {
            data.syncFile();
        }
        try (StorageFile tmp = storage.open(temporary, Storage.Mode.CREATE)) {
            tmp.truncate(0);
            tmp.write(0, header);
            tmp.truncate(length);
            Crashpoint.RECOVERY_LOG_CREATED.reach();
            tmp.syncFile();
        }
        storage.rename(temporary, target);
        storage.syncDirectory(files.directory());
        return storage.open(target, Storage.Mode.WRITE);
    }

    /**
     * Why the log of {@code identity} is stale for the data file, or null if it is not known to be:
     * the data file carries the mark of another log. A file without a mark (written by an earlier
     * release, copied without its attributes, or on a file system without them) is marked now if
     * {@code writable}.
     */
    static String staleBecause(Storage storage, LogFiles files, StorageFile data, LogIdentity identity,
                               String logName, boolean writable) throws IOException {
        byte[] mark = storage.attribute(files.data(), LOG_MARK);
        if (mark == null) {
            if (writable && storage.setAttribute(files.data(), LOG_MARK,
                    identity.fileIdHex().getBytes(StandardCharsets.US_ASCII))) {
                data.syncFile();
            }
            return null;
        }
        String marked = new String(mark, StandardCharsets.US_ASCII);
        return marked.equals(identity.fileIdHex()) ? null : files.data() + " was last used with another log ("
                + marked + ", not " + logName + "'s " + identity.fileIdHex() + "): it was opened under another name"
                + " or path since (moved away and back, or through a bind mount), so this log is stale";
    }

    /** Refuses a log whose header names another data file. */
    static void requireNamedFor(LogIdentity identity, LogFiles files, String logName) {
        if (!identity.dataFileName().equals(LogIdentity.nameTail(files.dataName()))) {
            throw new FamsCorruptException(logName + " belongs to data file '" + identity.dataFileName()
                    + "' (file id " + identity.fileIdHex() + "), not '" + files.dataName()
                    + "'. If the file was renamed while no commit was in flight, deleting the log makes the file's"
                    + " contents commit 0; otherwise put back the log that belongs to this file");
        }
    }

    /**
     * The first step of both recoveries: refuses a log ({@code log}, null if none exists) without its
     * data file, and a read-only open of a file that does not exist.
     */
    static void requireDataFileOrNoLog(LogFiles files, boolean dataExists, Path log, boolean writable)
            throws NoSuchFileException {
        if (dataExists) {
            return;
        }
        if (log != null) {
            throw new FamsCorruptException(files.data() + " is missing but its log " + log + " exists; restore the"
                    + " data file, or delete the log to start a new file");
        }
        if (!writable) {
            throw new NoSuchFileException(files.data().toString(), null, "no such FAMS file");
        }
    }

    /**
     * Opens the data file for a recovery. Writable: removes a temporary log that a crash left
     * ({@code tmpLog}), and creates a missing data file with its directory entry made durable
     * before any log's, since a log without its file is refused.
     */
    static StorageFile openDataFile(Storage storage, LogFiles files, boolean dataExists, Path tmpLog,
                                    boolean writable) throws IOException {
        if (!writable) {
            return storage.open(files.data(), Storage.Mode.READ);
        }
        storage.delete(tmpLog);
        StorageFile data = storage.open(files.data(), dataExists ? Storage.Mode.WRITE : Storage.Mode.CREATE);
        if (!dataExists) {
            try {
                storage.syncDirectory(files.directory());
            } catch (IOException | RuntimeException e) {
                closeQuietly(data);
                throw e;
            }
        }
        return data;
    }

    /** Closes {@code c} after an earlier failure, which is the one to report. */
    static void closeQuietly(Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Already failing; the first error is the one to report.
            }
        }
    }
}
