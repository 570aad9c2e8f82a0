package dev.ferrite.fams.protocol;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.RecoveryReport;
import dev.ferrite.fams.crash.Crashpoint;
import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.log.LogHeader;
import dev.ferrite.fams.log.LogIdentity;
import dev.ferrite.fams.log.LogScan;
import dev.ferrite.fams.log.PageLogReader;
import dev.ferrite.fams.log.PageLogWriter;
import dev.ferrite.fams.recovery.PageImage;
import dev.ferrite.fams.recovery.Recovered;
import dev.ferrite.fams.recovery.Recovery;
import dev.ferrite.fams.recovery.NewPages;
import dev.ferrite.fams.recovery.UndoApplier;
import dev.ferrite.fams.storage.ReaderExclusion;
import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFile;
import dev.ferrite.fams.storage.StorageFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The undo-logging commit protocol over a {@link Storage}, independent of any memory mapping:
 * {@code FamsFile} feeds it dirty page numbers and a {@link PageSource}; the crash tests feed it
 * byte arrays and a simulated disk. See {@code FamsFile} for the protocol, step by step.
 *
 * <p><b>A full file system.</b> Before its undo log is synced, a commit makes sure that the data
 * file has blocks under every page inside the committed size that it will write and that may be a
 * hole (its committed bytes are all zeros): it allocates their blocks ({@code fallocate}, which
 * changes no byte and cannot tear a sector), or the file system refuses them with a {@link
 * StorageFullException} while nothing of the commit counts yet; so does a commit that grows the
 * file, for the pages it writes past the committed size. Step 2 then only overwrites allocated
 * blocks. A {@link StorageFullException} from this object therefore means the commit
 * did not happen: its partial log is never synced nor armed (a retained undo file is removed) and
 * this object can be used on. Where a file system refuses such an overwrite anyway (copy-on-write
 * file systems, or those without {@code fallocate}), the failure comes after the log was synced and
 * is an ordinary {@link IOException}.
 *
 * <p>Not thread-safe; callers serialise. After any other {@link IOException} the on-disk state is
 * unknown and the caller must stop using this object (the file is recovered at the next open).
 */
public final class UndoProtocol implements CommitProtocol {
    private static final int MAX_RUN_PAGES = 256;
    private static final int OLD_RUN_PAGES = 64;

    private final Storage storage;
    private final LogFiles files;
    private final boolean writable;
    private final int retain;
    private final StorageFile data;
    private final StorageFile log;
    private final LogIdentity identity;
    private final RecoveryReport report;
    private final List<PageImage> overlay;
    private final TreeSet<Long> retained = new TreeSet<>();
    private ByteBuffer logBuffer;
    private ByteBuffer oldRun;
    /** The armed header of the last commit, which was not retired; null once the log is idle. */
    private LogHeader unretired;
    private long commitNumber;
    private long committedSize;

    private UndoProtocol(Storage storage, LogFiles files, boolean writable, int retain, Recovered r) {
        this.storage = storage;
        this.files = files;
        this.writable = writable;
        this.retain = retain;
        this.data = r.data();
        this.log = r.log();
        this.identity = r.identity();
        this.report = r.report();
        this.overlay = r.overlay();
        this.commitNumber = r.commitNumber();
        this.committedSize = r.committedSize();
    }

    /** Recovers the files of {@code files} and opens them; {@code retain} earlier commits are kept. */
    public static UndoProtocol open(Storage storage, LogFiles files, boolean writable, int retain) throws IOException {
        return open(storage, files, writable, retain, ReaderExclusion.NONE);
    }

    /**
     * Opens like {@link #open(Storage, LogFiles, boolean, int)}; a file last written in the
     * write-ahead mode has its log replayed into the data file only while {@code readers} excludes
     * its readers.
     */
    public static UndoProtocol open(Storage storage, LogFiles files, boolean writable, int retain,
                                    ReaderExclusion readers) throws IOException {
        UndoProtocol p = new UndoProtocol(storage, files, writable, retain,
                Recovery.run(storage, files, writable, readers));
        try {
            p.scanRetained();
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    public long commitNumber() {
        return commitNumber;
    }

    /** The size of the data file at the last commit. */
    public long committedSize() {
        return committedSize;
    }

    public RecoveryReport report() {
        return report;
    }

    /** Read-only opens only: images that hide a commit still in flight; see {@link Recovery}. */
    public List<PageImage> overlay() {
        return overlay;
    }

    /**
     * Makes the data file at least {@code size} bytes, with zeros; the growth is committed by the
     * next commit. The log first records, durably, that the file may be that long: recovery cuts
     * back such an extension, and refuses a file that no log accounts for.
     */
    public void ensureSize(long size) throws IOException {
        if (data.size() >= size) {
            return;
        }
        log.write(0, LogHeader.idle(identity, commitNumber, committedSize, size).encode());
        Crashpoint.EXTEND_RECORDED.reach();
        log.syncData();
        // The idle header replaced an unretired armed one, and its sync makes that final.
        unretired = null;
        data.truncate(size);
    }

    @Override
    public boolean truncate(long size) throws IOException {
        requireWritable();
        long length = data.size();
        if (size >= length) {
            return true;
        }
        if (unretired != null) {
            // The last commit's armed header may still be the one on disk: recovery would check the
            // pages that commit wrote, and take those about to be zeroed for torn writes.
            log.write(0, LogHeader.idle(identity, commitNumber, committedSize, Math.max(committedSize, length)).encode());
            log.syncData();
            unretired = null;
        }
        if (!punchTail(size, length)) {
            return false;
        }
        long kept = Math.min(size, committedSize);
        // Idle at the same commit, of the smaller size, extended with zeros as far as the file
        // reaches now: recovery accepts either length and cuts the longer one.
        log.write(0, LogHeader.idle(identity, commitNumber, kept, length).encode());
        Crashpoint.TRUNCATE_RECORDED.reach();
        log.syncData();
        // The idle header replaced an unretired armed one, and its sync makes that final.
        unretired = null;
        committedSize = kept;
        data.truncate(size);
        data.syncFile();
        return true;
    }

    /**
     * Punches the data file's bytes from {@code from} to its end {@code length} out and syncs the holes;
     * false if the file system cannot punch, or a punch it refused for space (splitting an
     * extent) left data.
     */
    private boolean punchTail(long from, long length) throws IOException {
        // To the end of the last page, past the end of a file that ends within one: a punch that
        // stops at the end only zeros the last block's bytes, which keeps it, and data, there.
        long end = (length + LogFormat.PAGE_SIZE - 1) / LogFormat.PAGE_SIZE * LogFormat.PAGE_SIZE;
        try {
            data.punch(from, end - from);
        } catch (UnsupportedOperationException e) {
            return false;
        }
        data.syncFile();
        return data.holeFrom(from);
    }

    @Override
    public boolean punch(long position, long length) throws IOException {
        requireWritable();
        return data.punch(position, length);
    }

    @Override
    public void syncPunched() throws IOException {
        data.syncFile();
    }

    /**
     * Commits: afterwards the data file holds, for each page in {@code dirtyPages}, the bytes
     * {@code source} gives, has size {@code newSize}, and is otherwise unchanged.
     *
     * @param dirtyPages page indices in ascending order, without duplicates
     * @return the new commit number
     */
    public long commit(long[] dirtyPages, PageSource source, long newSize) throws IOException {
        requireWritable();
        if (newSize < committedSize) {
            throw new IllegalArgumentException("a commit cannot shrink the file from " + committedSize + " to " + newSize);
        }
        long next = commitNumber + 1;
        StorageFile undo = retain > 0 ? openUndoFile(next) : log;
        boolean logSynced = false;
        boolean discardUndo = false;
        try {
            if (logBuffer == null) {
                // Allocated once per open file: direct buffers per commit cost more than a small commit's I/O.
                logBuffer = ByteBuffer.allocateDirect(PageLogWriter.BUFFER);
                oldRun = ByteBuffer.allocateDirect(OLD_RUN_PAGES * LogFormat.PAGE_SIZE);
            }
            long recordsStart = undo == log ? recordsStartClearOf(unretired, dirtyPages.length) : LogFormat.RECORDS_START;
            PageLogWriter writer = new PageLogWriter(undo, identity, next, recordsStart, logBuffer);
            Logged logged = logOldImages(dirtyPages, source, newSize, writer);
            long[] writes = logged.writes();
            if (writes.length == 0 && newSize == committedSize && retain == 0) {
                retire(next, newSize);
                return next;
            }
            allocateBlocks(logged.mayBeHoles(), newSize);
            // Step 1: the undo log, synced before the data file is touched.
            LogHeader armed = writer.finish(committedSize, newSize);
            Crashpoint.COMMIT_LOG_WRITTEN.reach();
            if (retain > 0) {
                undo.syncFile();
                storage.syncDirectory(files.directory());
            } else {
                undo.syncData();
            }
            logSynced = true;
            Crashpoint.COMMIT_LOG_SYNCED.reach();
            // Step 2: the new pages, synced before the commit counts as done.
            writePages(writes, source, newSize);
            Crashpoint.COMMIT_DATA_WRITTEN.reach();
            if (newSize != committedSize) {
                data.syncFile();
            } else {
                data.syncData();
            }
            Crashpoint.COMMIT_DATA_SYNCED.reach();
            if (undo == log && newSize == committedSize) {
                // Step 3 without its sync: every page the commit wrote has a record with the check
                // of its new bytes, so recovery sees the commit is complete even while the armed
                // header is still the one on disk. The next commit keeps its records clear of these
                // until its own armed header is synced.
                log.write(0, LogHeader.idle(identity, next, newSize).encode());
                Crashpoint.COMMIT_RETIRE_WRITTEN.reach();
                unretired = armed;
                commitNumber = next;
            } else {
                // Pages beyond the old size have no record to check, and retained undo files are
                // named by the idle header's commit number: both need the log retired.
                retire(next, newSize);
            }
        } catch (StorageFullException e) {
            if (logSynced) {
                // Recovery may now have to undo part of the commit: this object cannot go on.
                throw new IOException("the file system became full after the undo log of commit " + next
                        + " was synced: " + e.getMessage(), e);
            }
            discardUndo = undo != log;
            throw e;
        } finally {
            if (undo != log) {
                undo.close();
                if (discardUndo) {
                    // Never armed, never synced: a crash would leave an incomplete log that recovery discards.
                    storage.delete(files.undo(next));
                }
            }
        }
        if (retain > 0) {
            retained.add(next);
            pruneRetained();
        }
        return next;
    }

    /**
     * Where the records of a commit of {@code pages} pages go: at the start of the record area,
     * unless they could reach the records of {@code unretired}, the armed log of the last commit
     * that recovery may still have to read; then just after those.
     */
    static long recordsStartClearOf(LogHeader unretired, long pages) {
        if (unretired == null || LogFormat.RECORDS_START + PageLogWriter.bytesFor(pages) <= unretired.recordsStart()) {
            return LogFormat.RECORDS_START;
        }
        long end = unretired.trailerOffset() + LogFormat.TRAILER;
        return (end + LogFormat.PAGE_SIZE - 1) / LogFormat.PAGE_SIZE * LogFormat.PAGE_SIZE;
    }

    /** Commit numbers the file can be rolled back to, ascending, ending with the current one. */
    public List<Long> versions() {
        List<Long> out = new ArrayList<>();
        long v = commitNumber;
        while (v > 0 && retained.contains(v)) {
            v--;
        }
        for (long c = v; c < commitNumber; c++) {
            out.add(c);
        }
        out.add(commitNumber);
        return out;
    }

    /**
     * Rolls the data file back to retained commit {@code target}, one commit at a time, newest
     * first. Each step from commit c first makes the log say "commit c-1" (synced), which is how
     * the log looks while commit c is in flight; then it applies c's undo log and syncs the data
     * file, and removes that undo log and syncs the directory, exactly as recovery would. A crash
     * therefore leaves a retained commit between {@code target} and the current one.
     */
    public void rollbackTo(long target) throws IOException {
        requireWritable();
        if (!versions().contains(target)) {
            throw new IllegalArgumentException("commit " + target + " is not retained; retained commits are " + versions());
        }
        if (data.size() > committedSize) {
            // Growth since the last commit belongs to no commit: cut it, as recovery would. Left in
            // place, a rollback to the current commit would leave the file longer than the next
            // commit's log allows, and the file would be refused at its next open.
            data.truncate(committedSize);
            data.syncFile();
        }
        while (commitNumber > target) {
            long c = commitNumber;
            String name = files.undo(c).toString();
            try (StorageFile undo = storage.open(files.undo(c), Storage.Mode.READ)) {
                LogHeader header = PageLogReader.readHeader(undo, name);
                if (header.commitNumber() != c || !header.identity().sameLog(identity)) {
                    throw new FamsCorruptException(name + " holds commit " + header.commitNumber() + " of file "
                            + header.identity().dataFileName() + ", expected commit " + c + " of " + files.dataName());
                }
                LogScan scan = PageLogReader.scan(undo, header);
                if (!scan.complete()) {
                    throw new FamsCorruptException("retained " + name + " is damaged (" + scan.problem()
                            + "); the file stays at commit " + c);
                }
                if (!NewPages.allWritten(header, scan.records(), data)) {
                    // Nothing else writes the file between commits: it was replaced or changed outside FAMS.
                    throw new FamsCorruptException(files.data() + " does not hold what commit " + c
                            + " wrote, so " + name + " cannot undo it: the file was replaced or changed outside"
                            + " FAMS since. Nothing was changed; the file stays at commit " + c);
                }
                // First declare commit c-1 with c's undo log present: from here on, recovery finishes the step.
                log.write(0, LogHeader.idle(identity, c - 1, header.dataSize(), Math.max(header.dataSize(), data.size()))
                        .encode());
                log.syncData();
                commitNumber = c - 1;
                committedSize = header.dataSize();
                UndoApplier.apply(undo, scan.records(), data);
                data.truncate(header.dataSize());
                data.syncFile();
                Crashpoint.ROLLBACK_STEP_APPLIED.reach();
            }
            storage.delete(files.undo(c));
            // A resurrected log of an abandoned commit would otherwise be applied by a later recovery.
            storage.syncDirectory(files.directory());
            retained.remove(c);
        }
    }

    /**
     * The pages a commit writes, and those of them inside the committed size that may be holes of
     * the data file: all-zero committed bytes.
     */
    private record Logged(long[] writes, long[] mayBeHoles) {}

    private Logged logOldImages(long[] dirtyPages, PageSource source, long newSize, PageLogWriter writer)
            throws IOException {
        long[] writes = new long[dirtyPages.length];
        int n = 0;
        long[] mayBeHoles = new long[dirtyPages.length];
        int holes = 0;
        int i = 0;
        while (i < dirtyPages.length) {
            long offset = dirtyPages[i] * LogFormat.PAGE_SIZE;
            if (offset >= committedSize) {
                // Pages beyond the committed size need no undo image: undo truncates them away. They
                // are holes of the grown file, whose blocks must exist before the log counts.
                if (offset < newSize) {
                    writes[n++] = dirtyPages[i];
                    mayBeHoles[holes++] = dirtyPages[i];
                }
                i++;
                continue;
            }
            // Read the committed images of a run of consecutive pages with one read.
            int j = i + 1;
            while (j < dirtyPages.length && dirtyPages[j] == dirtyPages[j - 1] + 1 && j - i < OLD_RUN_PAGES
                    && dirtyPages[j] * LogFormat.PAGE_SIZE < committedSize) {
                j++;
            }
            long runEnd = Math.min(committedSize, (dirtyPages[j - 1] + 1) * LogFormat.PAGE_SIZE);
            oldRun.clear().limit((int) (runEnd - offset));
            if (data.read(offset, oldRun) != runEnd - offset) {
                throw new IOException(files.data() + " shrank below its committed size " + committedSize);
            }
            for (int k = i; k < j; k++) {
                long page = dirtyPages[k];
                long at = page * LogFormat.PAGE_SIZE;
                int oldLength = (int) Math.min(LogFormat.PAGE_SIZE, committedSize - at);
                int newLength = (int) Math.min(LogFormat.PAGE_SIZE, newSize - at);
                ByteBuffer old = oldRun.duplicate().limit((int) (at - offset) + oldLength).position((int) (at - offset));
                ByteBuffer replacement = source.bytes(at, newLength);
                if (oldLength == newLength && old.equals(replacement)) {
                    continue; // rewritten with identical bytes: nothing to log, nothing to write
                }
                if (isZero(old)) {
                    writer.addZero(page, oldLength, replacement);
                    mayBeHoles[holes++] = page;
                } else {
                    writer.addImage(page, old, replacement);
                }
                writes[n++] = page;
            }
            i = j;
        }
        return new Logged(java.util.Arrays.copyOf(writes, n), java.util.Arrays.copyOf(mayBeHoles, holes));
    }

    /**
     * Allocates blocks under {@code pages}, whose committed bytes are zeros (inside the committed
     * size) or which a growth added (up to {@code newSize}, already the file's length), so that the
     * file system gives any that are holes now their blocks, or refuses them while a refusal still
     * costs nothing: step 2 then only overwrites allocated blocks, and a full file system refuses
     * the commit before its log is synced instead of poisoning the file after.
     */
    private void allocateBlocks(long[] pages, long newSize) throws IOException {
        if (pages.length == 0) {
            return;
        }
        long end = newSize;
        int i = 0;
        while (i < pages.length) {
            int j = i + 1;
            while (j < pages.length && pages[j] == pages[j - 1] + 1) {
                j++;
            }
            long from = pages[i] * LogFormat.PAGE_SIZE;
            long to = Math.min(end, (pages[j - 1] + 1) * LogFormat.PAGE_SIZE);
            if (from < to) {
                try {
                    data.allocate(from, to - from);
                } catch (StorageFullException e) {
                    throw e.needing((long) (pages.length - i) * LogFormat.PAGE_SIZE);
                }
            }
            i = j;
        }
    }

    private void writePages(long[] pages, PageSource source, long newSize) throws IOException {
        int half = pages.length / 2;
        int i = 0;
        while (i < pages.length) {
            int j = i + 1;
            while (j < pages.length && pages[j] == pages[j - 1] + 1 && j - i < MAX_RUN_PAGES) {
                j++;
            }
            long offset = pages[i] * LogFormat.PAGE_SIZE;
            long end = Math.min(newSize, (pages[j - 1] + 1) * LogFormat.PAGE_SIZE);
            data.write(offset, source.bytes(offset, (int) (end - offset)));
            if (i <= half && half < j && pages.length > 1) {
                Crashpoint.COMMIT_DATA_HALF_WRITTEN.reach();
            }
            i = j;
        }
    }

    private void retire(long next, long newSize) throws IOException {
        log.write(0, LogHeader.idle(identity, next, newSize).encode());
        Crashpoint.COMMIT_RETIRE_WRITTEN.reach();
        log.syncData();
        Crashpoint.COMMIT_RETIRED.reach();
        unretired = null;
        commitNumber = next;
        committedSize = newSize;
    }

    private StorageFile openUndoFile(long commit) throws IOException {
        // An abandoned commit's undo file may be there; it is replaced, never written through.
        storage.delete(files.undo(commit));
        StorageFile f = storage.open(files.undo(commit), Storage.Mode.CREATE);
        try {
            f.truncate(0);
            return f;
        } catch (IOException e) {
            f.close();
            throw e;
        }
    }

    private void scanRetained() throws IOException {
        if (files.directory() == null) {
            return;
        }
        for (String name : storage.list(files.directory(), files.undoPrefix())) {
            OptionalLong n = files.undoNumber(name);
            if (n.isEmpty()) {
                continue;
            }
            long c = n.getAsLong();
            if (c <= commitNumber && c > commitNumber - retain) {
                retained.add(c);
            } else if (writable) {
                storage.delete(files.undo(c));
            }
        }
    }

    private void pruneRetained() throws IOException {
        while (!retained.isEmpty() && retained.first() <= commitNumber - retain) {
            long c = retained.pollFirst();
            // No directory sync: a removal lost to a crash only leaves an old log that the next open prunes.
            storage.delete(files.undo(c));
        }
    }

    private static boolean isZero(ByteBuffer b) {
        int i = b.position();
        for (; i + 8 <= b.limit(); i += 8) {
            if (b.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void requireWritable() {
        if (!writable) {
            throw new FamsException(files.data() + " is open read-only");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            data.close();
        } finally {
            if (log != null) {
                log.close();
            }
        }
    }
}
