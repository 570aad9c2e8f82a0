package dev.ferrite.fams.recovery;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.RecoveryReport;
import dev.ferrite.fams.RecoveryReport.Outcome;
import dev.ferrite.fams.crash.Crashpoint;
import dev.ferrite.fams.log.FrameScanner;
import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.log.LogIdentity;
import dev.ferrite.fams.log.PageReplay;
import dev.ferrite.fams.log.RedoFrames;
import dev.ferrite.fams.log.RedoHeader;
import dev.ferrite.fams.storage.FileId;
import dev.ferrite.fams.storage.ReaderExclusion;
import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Brings a data file and its redo log to the last commit at open. The log's header names the
 * commit the data file held at the last checkpoint; every complete frame of the header's
 * generation after it is a commit, in order, and the first frame that does not validate ends the
 * log. A writable open then checkpoints at once:
 *
 * <ol>
 *   <li>Sync the log, then read it from the device, past the page cache: a frame that only the
 *       page cache holds (its writer died before its sync, or its sync failed) could vanish in a
 *       power cut after its bytes reached the data file, and a later recovery that stops before
 *       it would leave a mix. Only frames the device holds are applied.</li>
 *   <li>Write the records of every frame into the data file, give it the last commit's size,
 *       and sync it.</li>
 *   <li>Restart the log: a header of a new, random generation at the last commit, synced. The
 *       frames left after it never validate again.</li>
 * </ol>
 *
 * A crash at any step leaves the same frames for the next recovery, and applying them again
 * is harmless: records hold absolute bytes, and a page whose records move bytes is rebuilt from
 * its whole image in the log, never from the data file ({@link PageReplay}). A read-only open lays the replayed pages over its
 * view instead. A file with an undo log ({@code F.fams-log}) and no redo log is first recovered
 * by the undo {@link Recovery}, then given a redo log at that commit; from then on the redo log
 * rules, and a leftover undo log is removed.
 */
public final class RedoRecovery {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Storage storage;
    private final LogFiles files;
    private final boolean writable;
    private final ReaderExclusion readers;

    private RedoRecovery(Storage storage, LogFiles files, boolean writable, ReaderExclusion readers) {
        this.storage = storage;
        this.files = files;
        this.writable = writable;
        this.readers = readers;
    }

    /**
     * What recovery established.
     *
     * @param log null for a read-only open of a file that has no redo log
     * @param header writable: the header of the restarted log
     */
    public record Result(StorageFile data, StorageFile log, RedoHeader header, long commitNumber, long committedSize,
                         List<PageImage> overlay, RecoveryReport report) {}

    public static Result run(Storage storage, LogFiles files, boolean writable) throws IOException {
        return run(storage, files, writable, ReaderExclusion.NONE);
    }

    /** Recovers; a writable recovery writes frames into the data file only while {@code readers} excludes readers. */
    public static Result run(Storage storage, LogFiles files, boolean writable, ReaderExclusion readers)
            throws IOException {
        return new RedoRecovery(storage, files, writable, readers).run();
    }

    /** A generation for a new or restarted log, other than {@code previous}. */
    public static long newGeneration(long previous) {
        long g;
        do {
            g = RANDOM.nextLong();
        } while (g == previous);
        return g;
    }

    private Result run() throws IOException {
        StorageFile data = null;
        StorageFile log = null;
        boolean handedOver = false;
        try {
            boolean dataExists = storage.exists(files.data());
            boolean redoExists = storage.exists(files.redoLog());
            boolean undoExists = storage.exists(files.log());
            LogPlacement.requireDataFileOrNoLog(files, dataExists,
                    redoExists ? files.redoLog() : undoExists ? files.log() : null, writable);
            if (!redoExists && undoExists) {
                Result r = fromUndoLog();
                handedOver = true;
                return r;
            }
            data = LogPlacement.openDataFile(storage, files, dataExists, files.tmpRedoLog(), writable);
            if (!redoExists) {
                long size = data.size();
                LogIdentity identity = LogIdentity.random(files.dataName(), storage.identity(files.data()));
                RedoHeader header = new RedoHeader(identity, newGeneration(0), 0, size, size);
                if (writable) {
                    log = createLog(data, header);
                }
                handedOver = true;
                return new Result(data, log, header, 0, size, List.of(), new RecoveryReport(Outcome.CREATED, 0,
                        "no log found; " + files.dataName() + " (" + size + " bytes) is commit 0"
                                + (writable ? ", redo log created" : ", read-only: no log created")));
            }
            if (writable && undoExists) {
                // Left by a switch between the modes that a crash interrupted. From the undo log: the
                // redo log was created after the undo log had been recovered. To the undo log: the undo
                // log was created at the redo log's last checkpoint. Either way the redo log is the truth.
                storage.delete(files.log());
                storage.syncDirectory(files.directory());
            }
            log = storage.open(files.redoLog(), writable ? Storage.Mode.WRITE : Storage.Mode.READ);
            Result r = recoverRetrying(data, log);
            handedOver = true;
            return r;
        } finally {
            if (!handedOver) {
                LogPlacement.closeQuietly(data);
                LogPlacement.closeQuietly(log);
            }
        }
    }

    /** The file was last written in the undo mode: recover that, then (writable) switch to a redo log. */
    private Result fromUndoLog() throws IOException {
        Recovered undo = Recovery.run(storage, files, writable);
        if (!writable) {
            LogPlacement.closeQuietly(undo.log());
            RedoHeader header = new RedoHeader(undo.identity(), 0, undo.commitNumber(), undo.committedSize(),
                    undo.committedSize());
            return new Result(undo.data(), null, header, undo.commitNumber(), undo.committedSize(), undo.overlay(),
                    undo.report());
        }
        StorageFile data = undo.data();
        try {
            undo.log().close();
            // The undo recovery may have cut the file back without syncing that (the undo log's idle
            // header allowed the longer file); the redo log allows only the size it records.
            data.syncFile();
            long size = data.size();
            RedoHeader header = new RedoHeader(undo.identity(), newGeneration(0), undo.commitNumber(),
                    undo.committedSize(), Math.max(size, undo.committedSize()));
            StorageFile log = createLog(data, header);
            Crashpoint.REDO_LOG_SWITCHED.reach();
            storage.delete(files.log());
            for (String name : storage.list(files.directory(), files.undoPrefix())) {
                storage.delete(files.directory().resolve(name));
            }
            storage.syncDirectory(files.directory());
            return new Result(data, log, header, undo.commitNumber(), undo.committedSize(), List.of(),
                    new RecoveryReport(undo.report().outcome(), undo.commitNumber(), undo.report().detail()
                            + "; the undo log was replaced by a redo log at commit " + undo.commitNumber()));
        } catch (IOException | RuntimeException e) {
            LogPlacement.closeQuietly(data);
            throw e;
        }
    }

    private StorageFile createLog(StorageFile data, RedoHeader header) throws IOException {
        return LogPlacement.create(storage, files, data, header.identity(), files.tmpRedoLog(), files.redoLog(),
                header.encode(), RedoFrames.FRAMES_START);
    }

    private Result recoverRetrying(StorageFile data, StorageFile log) throws IOException {
        return ReadRetry.recovery(() -> recover(data, log), files.data() + ": the writer checkpointed ten times while this"
                + " read-only open was reading its log; try again");
    }

    private Result recover(StorageFile data, StorageFile log) throws IOException {
        String logName = files.redoLog().toString();
        RedoHeader header = readHeader(log, logName);
        LogPlacement.requireNamedFor(header.identity(), files, logName);
        if (writable) {
            // Frames that only the page cache holds must reach the device before anything is built on them.
            log.syncData();
        }
        FrameScanner scanner = new FrameScanner(log, header, writable);
        List<FrameScanner.Frame> frames = new ArrayList<>();
        for (FrameScanner.Frame f = scanner.next(); f != null; f = scanner.next()) {
            frames.add(f);
        }
        if (scanner.damagedBeforeADurableFrame()) {
            throw new FamsCorruptException(logName + " is damaged: " + scanner.problem() + ", but the frame after it"
                    + " validates and was written after that one was synced. Nothing was changed");
        }
        long commit = frames.isEmpty() ? header.baseCommit() : frames.getLast().commit();
        long size = frames.isEmpty() ? header.baseSize() : frames.getLast().dataSize();
        FileId actual = storage.identity(files.data());
        if (!header.identity().dataFile().matches(actual)) {
            return replaceForeignLog(data, log, header, actual, logName, frames.size(), logName + " was written for "
                    + header.identity().dataFile() + ", but " + files.data() + " is " + actual
                    + ": the file was replaced (restored from a backup, copied, or created anew)");
        }
        String stale = LogPlacement.staleBecause(storage, files, data, header.identity(), logName, writable);
        if (stale != null) {
            return replaceForeignLog(data, log, header, actual, logName, frames.size(), stale);
        }
        long dataLength = data.size();
        if (dataLength < header.baseSize()) {
            throw new FamsCorruptException(files.data() + " is " + dataLength + " bytes, but its last checkpoint"
                    + " (commit " + header.baseCommit() + ") recorded " + header.baseSize() + " bytes in " + logName
                    + ": the data file was truncated or replaced. Nothing was changed. If " + files.dataName()
                    + " is the file to keep, delete " + logName + ": its contents then become commit 0");
        }
        long allowed = Math.max(header.extendedTo(), size);
        if (dataLength > allowed) {
            throw new FamsCorruptException(files.data() + " is " + dataLength + " bytes, but " + logName
                    + " records commit " + commit + " of a file of at most " + allowed + " bytes: the log belongs"
                    + " to another file (a restored backup or a new file at the same path?) or the file was changed"
                    + " outside Ferrite. Nothing was changed. If " + files.dataName() + " is the file to keep,"
                    + " delete " + logName + ": its contents then become commit 0");
        }
        String found = frames.isEmpty() ? "no commit after the checkpoint at commit " + header.baseCommit()
                : frames.size() + " commit(s) after the checkpoint at commit " + header.baseCommit() + " ("
                        + (header.baseCommit() + 1) + ".." + commit + ")";
        String end = scanner.problem() == null ? "" : "; the log ends with " + scanner.problem();
        if (!writable) {
            List<PageImage> overlay = overlay(data, scanner, frames, logName);
            if (!readHeader(log, logName).equals(header)) {
                // The writer checkpointed while we read: the data file may hold pages of later commits.
                throw new ReadRetry.LogChangedWhileReading();
            }
            if (size > dataLength) {
                throw new FamsException(files.data() + " is " + dataLength + " bytes, shorter than its last commit ("
                        + size + " bytes, in " + logName + "); open it writable once to recover it");
            }
            return new Result(data, log, header, commit, size, overlay, new RecoveryReport(
                    frames.isEmpty() ? Outcome.CLEAN : Outcome.REPLAYED_IN_VIEW_ONLY, commit,
                    found + (frames.isEmpty() ? "" : ", laid over this read-only view") + end));
        }
        if (!frames.isEmpty()) {
            // Readers still open since before the last writer stopped show the data file as it was.
            readers.exclude();
            try {
                PageReplay replay = new PageReplay(data::write, logName);
                for (FrameScanner.Frame f : frames) {
                    if (data.size() < f.dataSize()) {
                        data.truncate(f.dataSize());
                    }
                    scanner.apply(f, replay);
                }
                for (var e : replay.images().entrySet()) {
                    data.write(e.getKey() * LogFormat.PAGE_SIZE, ByteBuffer.wrap(e.getValue()));
                }
                Crashpoint.RECOVERY_APPLIED.reach();
            } finally {
                readers.admit();
            }
        }
        if (data.size() != size) {
            if (data.size() > size) {
                // The header may be a truncation's that the last writer did not sync, and the one
                // before it records a longer file: it must be durable before the file is cut.
                log.syncData();
            }
            // Zeros that an open added and no commit took in, or the end that a truncation cut off.
            data.truncate(size);
        }
        if (!frames.isEmpty() || dataLength != size) {
            data.syncFile();
            Crashpoint.RECOVERY_DATA_SYNCED.reach();
        }
        // A new generation even without frames: frames of this generation may lie after the first
        // one that did not validate (asynchronous commits whose frames a power cut took in part),
        // and the next commit must never be followed by one of them.
        RedoHeader restarted = new RedoHeader(header.identity().withDataFile(actual),
                newGeneration(header.generation()), commit, size, size);
        log.write(0, restarted.encode());
        Crashpoint.RECOVERY_RETIRE_WRITTEN.reach();
        log.syncData();
        return new Result(data, log, restarted, commit, size, List.of(), new RecoveryReport(
                frames.isEmpty() ? Outcome.CLEAN : Outcome.REPLAYED_LOG, commit, frames.isEmpty() ? found + end
                        : found + " written into " + files.dataName() + end + "; log restarted"));
    }

    /** The pages the frames change, as the data file and the frames make them, for a read-only view. */
    private static List<PageImage> overlay(StorageFile data, FrameScanner scanner, List<FrameScanner.Frame> frames,
                                           String logName) throws IOException {
        if (frames.isEmpty()) {
            return List.of();
        }
        Map<Long, byte[]> pages = new TreeMap<>();
        PageReplay replay = new PageReplay((offset, bytes) -> {
                long at = offset;
                ByteBuffer b = bytes.duplicate();
                while (b.hasRemaining()) {
                    long page = at / LogFormat.PAGE_SIZE;
                    byte[] image = pages.get(page);
                    if (image == null) {
                        image = new byte[LogFormat.PAGE_SIZE];
                        data.read(page * LogFormat.PAGE_SIZE, ByteBuffer.wrap(image));
                        pages.put(page, image);
                    }
                    int from = (int) (at - page * LogFormat.PAGE_SIZE);
                    int n = Math.min(b.remaining(), LogFormat.PAGE_SIZE - from);
                    b.get(image, from, n);
                    at += n;
                }
            }, logName);
        for (FrameScanner.Frame f : frames) {
            scanner.apply(f, replay);
        }
        pages.putAll(replay.images());
        long size = frames.getLast().dataSize();
        List<PageImage> out = new ArrayList<>();
        pages.forEach((page, image) -> {
            long at = page * LogFormat.PAGE_SIZE;
            int length = (int) Math.min(LogFormat.PAGE_SIZE, size - at);
            out.add(new PageImage(at, length == image.length ? image : java.util.Arrays.copyOf(image, length)));
        });
        return out;
    }

    private RedoHeader readHeader(StorageFile log, String logName) throws IOException {
        return ReadRetry.header(() -> {
            ByteBuffer sector = ByteBuffer.allocateDirect(LogFormat.SECTOR);
            int n = log.read(0, sector);
            if (n < LogFormat.SECTOR) {
                throw new FamsCorruptException(logName + ": file is " + n + " bytes, shorter than its "
                        + LogFormat.SECTOR + "-byte header (truncated)");
            }
            return RedoHeader.decode(sector.flip(), logName);
        }, writable);
    }

    /**
     * The log was written for another file (a restored backup, a copy, a new file at the same
     * path). Without commits after its checkpoint it holds nothing the file needs and is replaced;
     * with some, it was in the middle of changing the other file and is refused, never applied.
     */
    private Result replaceForeignLog(StorageFile data, StorageFile log, RedoHeader header, FileId actual,
                                     String logName, int frames, String whose) throws IOException {
        if (frames > 0) {
            throw new FamsCorruptException(whose + " while it held " + frames + " commit(s) not yet in that file."
                    + " The log was not applied and nothing was changed. If " + files.dataName() + " is the file to"
                    + " keep, delete " + logName + ": its contents then become commit 0. If the file the log belongs"
                    + " to still exists, put it back in its place and open it to finish those commits");
        }
        long size = data.size();
        log.close();
        LogIdentity identity = LogIdentity.random(files.dataName(), actual);
        RedoHeader fresh = new RedoHeader(identity, newGeneration(header.generation()), 0, size, size);
        if (!writable) {
            return new Result(data, null, fresh, 0, size, List.of(), new RecoveryReport(Outcome.CREATED, 0, whose
                    + "; read-only: the file's contents are shown as commit 0, the stale log is left until a"
                    + " writable open replaces it"));
        }
        StorageFile replaced = createLog(data, fresh);
        return new Result(data, replaced, fresh, 0, size, List.of(), new RecoveryReport(Outcome.CREATED, 0, whose
                + "; it held no commit after its checkpoint, so it was replaced and the file's contents (" + size
                + " bytes) are commit 0"));
    }
}
