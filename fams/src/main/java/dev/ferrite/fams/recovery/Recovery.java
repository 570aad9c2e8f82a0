package dev.ferrite.fams.recovery;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.FamsUnsupportedFormatException;
import dev.ferrite.fams.RecoveryReport;
import dev.ferrite.fams.RecoveryReport.Outcome;
import dev.ferrite.fams.crash.Crashpoint;
import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.log.LogHeader;
import dev.ferrite.fams.log.LogIdentity;
import dev.ferrite.fams.log.LogScan;
import dev.ferrite.fams.log.LogState;
import dev.ferrite.fams.log.PageLogReader;
import dev.ferrite.fams.log.PageRecord;
import dev.ferrite.fams.storage.FileId;
import dev.ferrite.fams.storage.ReaderExclusion;
import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a data file and its logs to the last commit at open. Every step is idempotent, and the
 * log is retired only after the data file is synced, so a crash during recovery leaves the same
 * work for the next recovery.
 *
 * <ol>
 *   <li>No log: the file's contents become commit 0. A new data file's directory entry is synced
 *       first (a log without its data file is refused as damage). The first log header is written
 *       to a temporary file, synced, renamed into place, and the directory synced, so the log
 *       exists whole or not at all.</li>
 *   <li>The log header is armed (undo records in the log itself): a commit was in flight, or it
 *       finished without retiring its log. If every record and the trailer validate and every
 *       page the records name holds the new bytes their checks describe, the commit is complete:
 *       sync the data file, then rewrite the header as idle at that commit and sync the log.
 *       Otherwise, if the log is complete, sync it (a process that died before its own log sync
 *       left it only in the page cache), write the images back, truncate to the old size, sync
 *       the data file, then rewrite the header as idle at the previous commit and sync the log. If
 *       the log is incomplete, its sync never finished, so the data file was never touched: check
 *       that, then rewrite the header as idle.</li>
 *   <li>The header is idle at commit k and an undo log for k+1 exists (retention mode): the same,
 *       with the separate undo file, which is then removed and the directory synced.</li>
 *   <li>Finally a data file longer than the committed size, but within the extension the idle
 *       header recorded before an open extended it, is cut back; a shorter or longer one is not
 *       the file this log describes and is refused. A log written for another file (its recorded
 *       inode and birth time differ) is never applied: idle, it is replaced as if there were no
 *       log; armed, the open is refused. A writable open syncs the log even
 *       when it found it idle: the idle header may not be durable yet (see {@code FamsFile}), and
 *       the next commit may overwrite the records an armed header on disk still points to.</li>
 * </ol>
 * A file with a redo log ({@code F.fams-redo}) was last written in the write-ahead mode: a
 * writable open recovers it with {@link RedoRecovery}, which leaves every commit in the data file,
 * and then replaces the redo log with an idle undo log at that commit; a read-only open is
 * refused (read-only opens follow the log the file has).
 */
public final class Recovery {
    private final Storage storage;
    private final LogFiles files;
    private final boolean writable;
    private final ReaderExclusion readers;

    private Recovery(Storage storage, LogFiles files, boolean writable, ReaderExclusion readers) {
        this.storage = storage;
        this.files = files;
        this.writable = writable;
        this.readers = readers;
    }

    /** Recovers {@code files} and returns the open files and the state found. */
    public static Recovered run(Storage storage, LogFiles files, boolean writable) throws IOException {
        return run(storage, files, writable, ReaderExclusion.NONE);
    }

    /**
     * Recovers like {@link #run(Storage, LogFiles, boolean)}; a redo log is replayed into the data
     * file only while {@code readers} excludes the read-only opens of the write-ahead file.
     */
    public static Recovered run(Storage storage, LogFiles files, boolean writable, ReaderExclusion readers)
            throws IOException {
        return new Recovery(storage, files, writable, readers).run();
    }

    private Recovered run() throws IOException {
        StorageFile data = null;
        StorageFile log = null;
        boolean handedOver = false;
        try {
            if (storage.exists(files.redoLog())) {
                if (!writable) {
                    // The redo log holds commits the data file may not have yet: only the write-ahead mode reads it.
                    throw new FamsUnsupportedFormatException(files.data() + " was last opened in the write-ahead"
                            + " commit mode: its redo log " + files.redoLog() + " may hold commits that are not in"
                            + " the data file yet. Open it with FamsOptions.builder().commitMode(CommitMode.REDO)");
                }
                Recovered r = fromRedoLog();
                handedOver = true;
                return r;
            }
            boolean dataExists = storage.exists(files.data());
            boolean logExists = storage.exists(files.log());
            LogPlacement.requireDataFileOrNoLog(files, dataExists, logExists ? files.log() : null, writable);
            data = LogPlacement.openDataFile(storage, files, dataExists, files.tmpLog(), writable);
            if (!logExists) {
                LogIdentity identity = LogIdentity.random(files.dataName(), storage.identity(files.data()));
                long size = data.size();
                if (writable) {
                    log = createLog(data, identity, size);
                }
                handedOver = true;
                return new Recovered(data, log, identity, 0, size, List.of(), new RecoveryReport(Outcome.CREATED, 0,
                        "no log found; " + files.dataName() + " (" + size + " bytes) is commit 0"
                                + (writable ? ", log created" : ", read-only: no log created")));
            }
            log = storage.open(files.log(), writable ? Storage.Mode.WRITE : Storage.Mode.READ);
            Recovered r = recoverRetrying(data, log);
            handedOver = true;
            return r;
        } finally {
            if (!handedOver) {
                LogPlacement.closeQuietly(data);
                LogPlacement.closeQuietly(log);
            }
        }
    }

    /**
     * The file was last written in the write-ahead mode: recover that and checkpoint (the redo
     * recovery of a writable open leaves every commit in the data file, synced, and the redo log
     * empty), then put an idle undo log at that commit in its place. The undo log is created
     * whole, under the redo log's identity (so the data file's log mark stays valid), before the
     * redo log is removed: a crash in between leaves both logs at the same commit, and every later
     * open, of either mode, takes the redo log as the truth and finishes the switch it asks for.
     */
    private Recovered fromRedoLog() throws IOException {
        RedoRecovery.Result redo = RedoRecovery.run(storage, files, true, readers);
        StorageFile data = redo.data();
        try {
            redo.log().close();
            storage.delete(files.tmpLog());
            // An undo file of commit k+1 beside an idle header at k would be taken for a commit in flight.
            for (String name : storage.list(files.directory(), files.undoPrefix())) {
                storage.delete(files.directory().resolve(name));
            }
            LogIdentity identity = redo.header().identity();
            long commit = redo.commitNumber();
            long size = redo.committedSize();
            StorageFile log = LogPlacement.create(storage, files, data, identity, files.tmpLog(), files.log(),
                    LogHeader.idle(identity, commit, size, Math.max(size, data.size())).encode(),
                    LogFormat.RECORDS_START);
            storage.delete(files.redoLog());
            storage.syncDirectory(files.directory());
            return new Recovered(data, log, identity, commit, size, List.of(), new RecoveryReport(
                    redo.report().outcome(), commit, redo.report().detail()
                            + "; the redo log was replaced by an undo log at commit " + commit));
        } catch (IOException | RuntimeException e) {
            LogPlacement.closeQuietly(data);
            throw e;
        }
    }

    private StorageFile createLog(StorageFile data, LogIdentity identity, long size) throws IOException {
        return LogPlacement.create(storage, files, data, identity, files.tmpLog(), files.log(),
                LogHeader.idle(identity, 0, size).encode(), LogFormat.RECORDS_START);
    }

    private Recovered recoverRetrying(StorageFile data, StorageFile log) throws IOException {
        return ReadRetry.recovery(() -> recover(data, log), files.data() + ": the writer committed ten times while this"
                + " read-only open was reading its log; try again");
    }

    private Recovered recover(StorageFile data, StorageFile log) throws IOException {
        String logName = files.log().toString();
        LogHeader header = readHeader(log, logName);
        LogPlacement.requireNamedFor(header.identity(), files, logName);
        FileId actual = storage.identity(files.data());
        if (!header.identity().dataFile().matches(actual)) {
            return replaceForeignLog(data, log, header, actual, logName, logName + " was written for "
                    + header.identity().dataFile() + ", but " + files.data() + " is " + actual
                    + ": the file was replaced (restored from a backup, copied, or created anew)");
        }
        String stale = LogPlacement.staleBecause(storage, files, data, header.identity(), logName, writable);
        if (stale != null) {
            return replaceForeignLog(data, log, header, actual, logName, stale);
        }
        if (writable) {
            // Logs of format 2 did not record the data file: from the next header on they do.
            header = header.withIdentity(header.identity().withDataFile(actual));
        }
        long dataLength = data.size();
        if (dataLength < header.dataSize()) {
            requireUnchangedWhileReading(log, header, logName);
            throw new FamsCorruptException(files.data() + " is " + dataLength + " bytes, but commit "
                    + header.commitNumber() + (header.state() == LogState.ARMED ? " (in flight)" : "")
                    + " recorded " + header.dataSize() + " bytes in " + logName
                    + ": the data file was truncated or replaced. Nothing was changed. If "
                    + files.dataName() + " is the file to keep, delete " + logName
                    + ": its contents then become commit 0");
        }
        if (header.state() == LogState.ARMED) {
            requireNoLargerThan(log, dataLength, header.newDataSize(), header, logName);
            Recovered r = completed(data, log, header, logName);
            if (r == null) {
                r = undo(data, log, log, header, logName, header.commitNumber() - 1);
            }
            if (writable) {
                // The truncations above may not be durable: the file may still be as long as it was.
                log.write(0, LogHeader.idle(header.identity(), r.commitNumber(), r.committedSize(),
                        Math.max(r.committedSize(), dataLength)).encode());
                Crashpoint.RECOVERY_RETIRE_WRITTEN.reach();
                log.syncData();
            }
            return r;
        }
        Recovered r = recoverUndoFile(data, log, header);
        if (r != null) {
            return r;
        }
        if (dataLength > header.dataSize()) {
            // Format 2 did not record how far an open extended the file. Either way, only zeros
            // after the committed size are an extension; a header claiming less than the file holds
            // must not cut committed data.
            long allowed = header.format() < 3 ? Long.MAX_VALUE : header.extendedTo();
            requireNoLargerThan(log, dataLength, allowed, header, logName);
            if (!zerosFrom(data, header.dataSize())) {
                requireNoLargerThan(log, dataLength, header.dataSize(), header, logName);
            }
        }
        if (writable) {
            // The previous writer may have written this idle header without syncing it, over the armed
            // header of its last commit; the next commit reuses that commit's records, which the
            // armed header would still need after a power cut. Synced before the file is cut: the
            // header of a truncation may be the unsynced one, and the header before it records more.
            log.syncData();
            if (dataLength > header.dataSize()) {
                // Zeros that an open added and no commit took in, or the end that a truncation cut off.
                data.truncate(header.dataSize());
            }
        }
        return new Recovered(data, log, header.identity(), header.commitNumber(), header.dataSize(), List.of(),
                new RecoveryReport(Outcome.CLEAN, header.commitNumber(), "no commit was in flight"));
    }

    /** Retention mode: the undo records of commit k+1 live in their own file while k+1 is in flight. */
    private Recovered recoverUndoFile(StorageFile data, StorageFile log, LogHeader main) throws IOException {
        long inFlight = main.commitNumber() + 1;
        if (!storage.exists(files.undo(inFlight))) {
            return null;
        }
        String undoName = files.undo(inFlight).toString();
        Recovered r;
        try (StorageFile undo = storage.open(files.undo(inFlight), writable ? Storage.Mode.WRITE : Storage.Mode.READ)) {
            LogHeader header;
            try {
                header = PageLogReader.readHeader(undo, undoName);
            } catch (FamsCorruptException e) {
                // Written in one batch with its records before the first sync: a bad header means the sync never ran.
                header = null;
            }
            if (header == null || header.state() != LogState.ARMED || header.commitNumber() != inFlight
                    || !header.identity().sameLog(main.identity()) || header.dataSize() != main.dataSize()) {
                r = new Recovered(data, log, main.identity(), main.commitNumber(), main.dataSize(), List.of(),
                        new RecoveryReport(Outcome.DISCARDED_INCOMPLETE_COMMIT, main.commitNumber(),
                                undoName + " has no valid header for commit " + inFlight
                                        + "; its commit never synced its log, the data file is untouched"));
            } else {
                requireNoLargerThan(undo, data.size(), header.newDataSize(), header, undoName);
                r = undo(data, undo, log, header, undoName, main.commitNumber());
            }
        }
        if (writable) {
            storage.delete(files.undo(inFlight));
            storage.syncDirectory(files.directory());
            if (data.size() > main.dataSize()) {
                data.truncate(main.dataSize());
            }
        }
        return r;
    }

    /**
     * The commit of an armed log if all its pages reached the data file, made durable; null if
     * it has to be undone. Only a commit that did not grow the file can be complete without a
     * retired log: pages beyond the old size have no record to check. A log damaged after such a
     * commit still shows it complete when the header's fingerprints cover all its pages.
     */
    private Recovered completed(StorageFile data, StorageFile log, LogHeader header, String logName)
            throws IOException {
        if (header.dataSize() != header.newDataSize()) {
            return null;
        }
        LogScan scan = PageLogReader.scan(log, header);
        boolean complete = scan.complete()
                ? NewPages.allWritten(header, scan.records(), data)
                : NewPages.allFingerprintedWritten(header, data);
        if (!complete) {
            return null;
        }
        if (writable) {
            if (data.size() > header.dataSize()) {
                data.truncate(header.dataSize());
            }
            // The commit may have been cut short before its own sync.
            data.syncFile();
            Crashpoint.RECOVERY_DATA_SYNCED.reach();
        } else if (!readHeader(log, logName).equals(header)) {
            // The writer started its next commit while we read: the pages checked may be its.
            throw new ReadRetry.LogChangedWhileReading();
        }
        return new Recovered(data, log, header.identity(), header.commitNumber(), header.dataSize(), List.of(),
                new RecoveryReport(Outcome.CLEAN, header.commitNumber(), "commit " + header.commitNumber()
                        + " is complete in the data file (" + header.recordCount() + " page(s) checked against "
                        + logName + (scan.complete() ? "" : ", whose records are damaged: " + scan.problem()) + ")"
                        + (writable ? "; log retired" : "")));
    }

    /** Undoes the commit of an armed log; the caller retires the log afterwards. */
    private Recovered undo(StorageFile data, StorageFile undoLog, StorageFile mainLog, LogHeader header,
                           String logName, long previous) throws IOException {
        LogScan scan = PageLogReader.scan(undoLog, header);
        if (!scan.complete()) {
            try {
                UndoApplier.requireUntouched(undoLog, header, scan.records(), data, logName, scan.problem());
            } catch (FamsCorruptException e) {
                requireUnchangedWhileReading(undoLog, header, logName);
                throw e;
            }
            if (writable && data.size() > header.dataSize()) {
                data.truncate(header.dataSize());
            }
            return new Recovered(data, mainLog, header.identity(), previous, header.dataSize(), List.of(),
                    new RecoveryReport(Outcome.DISCARDED_INCOMPLETE_COMMIT, previous, "commit "
                            + header.commitNumber() + " was interrupted before its log was complete (" + scan.problem()
                            + " in " + logName + "); the data file was untouched, log discarded"));
        }
        String what = scan.records().size() + " page image(s) from " + logName + " for commit " + header.commitNumber();
        if (!writable) {
            List<PageImage> overlay = images(undoLog, scan);
            // The writer may finish this commit and reuse the log while we read it: the images are
            // those of this commit only if the header and the records are unchanged afterwards.
            if (!readHeader(undoLog, logName).equals(header)
                    || !PageLogReader.scan(undoLog, header).records().equals(scan.records())) {
                throw new ReadRetry.LogChangedWhileReading();
            }
            return new Recovered(data, mainLog, header.identity(), previous, header.dataSize(), overlay,
                    new RecoveryReport(Outcome.UNDID_IN_VIEW_ONLY, previous, "applied " + what
                            + " to this read-only view; the files still need a writable open to recover"));
        }
        // A process that died before its log sync leaves this log complete only in the page cache.
        // Writing its images (equal to the data then, but a write can tear) before the log is durable
        // would let a power cut take the log and leave the torn pages.
        if (undoLog == mainLog) {
            undoLog.syncData();
        } else {
            undoLog.syncFile();
            storage.syncDirectory(files.directory());
        }
        UndoApplier.apply(undoLog, scan.records(), data);
        data.truncate(header.dataSize());
        Crashpoint.RECOVERY_APPLIED.reach();
        data.syncFile();
        Crashpoint.RECOVERY_DATA_SYNCED.reach();
        return new Recovered(data, mainLog, header.identity(), previous, header.dataSize(), List.of(),
                new RecoveryReport(Outcome.UNDID_INTERRUPTED_COMMIT, previous, "commit " + header.commitNumber()
                        + " was interrupted after its log was synced; restored commit " + previous + " with " + what));
    }

    /**
     * A read-only open takes no lock, so it can read the header sector while the writer rewrites
     * it and see a torn copy: it retries a few times before calling the header damaged.
     */
    private LogHeader readHeader(StorageFile log, String logName) throws IOException {
        return ReadRetry.header(() -> PageLogReader.readHeader(log, logName), writable);
    }

    /**
     * The log was written for another file: the data file was replaced (a restored backup, a copy,
     * a new file at the same path) since. An idle log holds nothing this file needs, so it is
     * replaced by a new one, and the file's contents become commit 0, as for a file without a log.
     * An armed log was in the middle of changing the other file: it is refused, never applied.
     */
    private Recovered replaceForeignLog(StorageFile data, StorageFile log, LogHeader header, FileId actual,
                                        String logName, String whose) throws IOException {
        if (header.state() == LogState.ARMED) {
            throw new FamsCorruptException(whose + " while commit " + header.commitNumber() + " was in flight."
                    + " The log was not applied and nothing was changed. If " + files.dataName() + " is the file to"
                    + " keep, delete " + logName + " and its retained undo files (" + files.undoPrefix() + "*): its"
                    + " contents then become commit 0. If the file the log belongs to still exists, put it back"
                    + " in its place and open it to finish that commit");
        }
        long size = data.size();
        if (!writable) {
            log.close();
            return new Recovered(data, null, LogIdentity.random(files.dataName(), actual), 0, size, List.of(),
                    new RecoveryReport(Outcome.CREATED, 0, whose + "; read-only: the file's contents are shown as"
                            + " commit 0, the stale log is left until a writable open replaces it"));
        }
        log.close();
        for (String name : storage.list(files.directory(), files.undoPrefix())) {
            storage.delete(files.directory().resolve(name));
        }
        LogIdentity identity = LogIdentity.random(files.dataName(), actual);
        StorageFile fresh = createLog(data, identity, size);
        return new Recovered(data, fresh, identity, 0, size, List.of(), new RecoveryReport(Outcome.CREATED, 0,
                whose + "; no commit was in flight, so that log and its retained versions were replaced and the"
                        + " file's contents (" + size + " bytes) are commit 0"));
    }

    /**
     * A data file larger than its log allows is not the file the log describes: the log is never
     * applied to it, and it is never cut to the log's size.
     */
    private void requireNoLargerThan(StorageFile log, long dataLength, long allowed, LogHeader header,
                                     String logName) throws IOException {
        if (dataLength > allowed) {
            requireUnchangedWhileReading(log, header, logName);
            throw new FamsCorruptException(files.data() + " is " + dataLength + " bytes, but " + logName
                    + " records commit " + header.commitNumber() + (header.state() == LogState.ARMED ? " (in flight)"
                            : "") + " of a file of at most " + allowed + " bytes: the log belongs to another file"
                    + " (a restored backup or a new file at the same path?) or the file was changed outside Ferrite."
                    + " Nothing was changed. If " + files.dataName() + " is the file to keep, delete " + logName
                    + ": its contents then become commit 0");
        }
    }

    /**
     * A read-only open takes no lock: what it found may be the writer's next commit or extension
     * happening under it, not damage. It starts over if the header changed since it was read.
     */
    private void requireUnchangedWhileReading(StorageFile log, LogHeader header, String logName)
            throws IOException {
        if (!writable && !readHeader(log, logName).equals(header)) {
            throw new ReadRetry.LogChangedWhileReading();
        }
    }

    /** Whether {@code data} holds only zeros from {@code offset} to its end. */
    private static boolean zerosFrom(StorageFile data, long offset) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        for (long at = offset; at < data.size(); at += chunk.limit()) {
            chunk.clear();
            int n = data.read(at, chunk);
            chunk.flip();
            while (chunk.remaining() >= 8) {
                if (chunk.getLong() != 0) {
                    return false;
                }
            }
            while (chunk.hasRemaining()) {
                if (chunk.get() != 0) {
                    return false;
                }
            }
            if (n <= 0) {
                return true;
            }
        }
        return true;
    }

    private static List<PageImage> images(StorageFile log, LogScan scan) throws IOException {
        List<PageImage> out = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocate(LogFormat.PAGE_SIZE);
        for (PageRecord r : scan.records()) {
            PageLogReader.readImage(log, r, buf);
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            out.add(new PageImage(r.fileOffset(), bytes));
        }
        return out;
    }
}
