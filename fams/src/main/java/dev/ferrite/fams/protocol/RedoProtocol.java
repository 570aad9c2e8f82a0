package dev.ferrite.fams.protocol;

import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.RecoveryReport;
import dev.ferrite.fams.crash.Crashpoint;
import dev.ferrite.fams.log.FrameRecords;
import dev.ferrite.fams.log.FrameWriter;
import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.log.LogIdentity;
import dev.ferrite.fams.log.RedoFrames;
import dev.ferrite.fams.log.RedoHeader;
import dev.ferrite.fams.recovery.PageImage;
import dev.ferrite.fams.recovery.RedoRecovery;
import dev.ferrite.fams.storage.ReaderExclusion;
import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFile;
import dev.ferrite.fams.storage.StorageFullException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * The write-ahead (redo) commit protocol over a {@link Storage}, independent of any memory
 * mapping. Between checkpoints the redo log, not the data file, holds the last commits.
 *
 * <ul>
 *   <li><b>Commit</b>: for each dirty page, compare it with its last committed image; append one
 *       frame ({@link RedoFrames}) holding what changed, and sync the log once. A page changed for
 *       the first time since the checkpoint is logged as the runs of 64-byte lines that differ; a
 *       page changed again (or much of it at once) is logged whole, once per checkpoint, and from
 *       then on as its exact changed bytes plus moves of bytes that only shifted within it
 *       ({@link PageDelta}): inserting into a sorted node then logs the new entry, not the tail it
 *       shifts. The data file is not touched. The new images of the changed pages are
 *       kept in memory until the next checkpoint: they are the base of the next commit's
 *       comparison, what {@code rollback} returns to, and what the checkpoint writes.</li>
 *   <li><b>Checkpoint</b>: sync the log (covering asynchronous commits), write every page
 *       committed since the last checkpoint into the data file, sync it, then restart the log: a
 *       header of a new random generation at the last commit, synced. The data file therefore
 *       only ever receives bytes of frames the log holds durably, so a recovery never stops
 *       before a frame whose bytes are in the data file, and never leaves a mix.</li>
 * </ul>
 *
 * <p><b>A full file system</b> ({@link StorageFullException}) can refuse only writes that nothing
 * depends on yet: a commit's frame, or the zeros that extend the log for it, before the commit's
 * sync (the frame is then simply not there, and a later commit overwrites what was written of it);
 * a checkpoint's data-file writes and its new log header, which only write bytes the log already
 * holds durably (the log and the pages held in memory stay as they were, and the next checkpoint
 * writes them all again). After a {@link StorageFullException} this object is therefore as it was
 * before the call and can be used on. A failed sync is different: the kernel may have dropped the
 * written pages, so nothing written since the last sync can be trusted.
 *
 * <p>Recovery is {@link RedoRecovery}. Not thread-safe; callers serialise. After any other
 * {@link IOException} the caller must stop using this object.
 */
public final class RedoProtocol implements CommitProtocol {
    private static final int PAGE = LogFormat.PAGE_SIZE;
    private static final int LINE = RedoFrames.LINE;
    private static final int WRITE_RUN_PAGES = 256;
    /** Changed lines from which a page is logged whole at once (and its later changes exactly). */
    private static final int WHOLE_PAGE_LINES = 32;
    /**
     * While read-only opens keep a checkpoint from running, the log and the held images may grow
     * to this many times the threshold; past that a checkpoint waits for the readers to close.
     */
    public static final int READER_DEFERRAL = 4;
    private static final int ZEROS = 1 << 20;
    /** Unchanged bytes that end a run of new bytes in a line-by-line comparison: fewer cost less to log than a record header (12). */
    private static final int GAP = 16;

    /** {@code length} bytes of {@code source} from {@code sourceOffset} belong at {@code pageOffset} of a held image. */
    private record Patch(byte[] image, int pageOffset, byte[] source, int sourceOffset, int length) {}

    /**
     * The committed image a page not held whole in this generation gets once the current commit's
     * frame is written, the lines it changed, and whether the frame holds the whole page.
     */
    private record NewImage(long page, byte[] image, long lines, boolean whole) {}

    private final boolean writable;
    private final String dataName;
    private final StorageFile data;
    private final StorageFile log;
    private final LogIdentity identity;
    private final RecoveryReport report;
    private final List<PageImage> overlay;
    private final long threshold;
    private final ReaderExclusion readers;
    /** Bytes of frames the log is written ahead for (zeros), so that a commit's sync changes no metadata; 0: none. */
    private final long preallocate;
    /** The committed image of every page a commit changed since the last checkpoint. */
    private TreeMap<Long, byte[]> held = new TreeMap<>();
    /**
     * Per held page, a bit per 64-byte line that a commit changed since the last checkpoint: the
     * checkpoint writes only those. A write the power cut tears damages only the bytes it writes,
     * and those are all in the log; rewriting the unchanged lines around them could destroy bytes
     * that no frame holds.
     */
    private final TreeMap<Long, Long> changedLines = new TreeMap<>();
    /**
     * The held pages whose whole image a frame of this generation holds: their changes are logged
     * as exact runs and moves ({@link PageDelta}), and a checkpoint writes them whole.
     */
    private final Set<Long> imaged = new HashSet<>();
    private final PageDelta delta = new PageDelta();
    private final byte[] now = new byte[PAGE];
    private final byte[] fromFile = new byte[PAGE];
    /**
     * The new bytes of the lines compared line by line in the current commit, which its records
     * point into; a new, larger array when it is full.
     */
    private byte[] arena = new byte[16 * PAGE];
    private int arenaUsed;
    /**
     * Page buffers that the records of the current commit's frame point into, for pages encoded
     * whole ({@link PageDelta}): reused from commit to commit.
     */
    private final List<byte[]> pageBuffers = new ArrayList<>();
    private int pageBuffersUsed;
    /** Copies that bring held images up to date once the current commit's frame is written. */
    private final List<Patch> patches = new ArrayList<>();
    /** The records of the current commit's frame. */
    private final FrameRecords records = new FrameRecords();
    /** The pages of the current commit that get a new held image. */
    private final List<NewImage> newImages = new ArrayList<>();
    private FrameWriter writer;
    private RedoHeader header;
    private long commitNumber;
    private long committedSize;
    private long syncedThrough;
    private long logEnd = RedoFrames.FRAMES_START;
    /** How far the log file is written: frames that end before this neither grow nor allocate it. */
    private long logWritten;

    private RedoProtocol(LogFiles files, boolean writable, long threshold, ReaderExclusion readers, long preallocate,
                         RedoRecovery.Result r) {
        this.writable = writable;
        this.dataName = files.data().toString();
        this.threshold = threshold;
        this.readers = readers;
        this.preallocate = preallocate;
        this.data = r.data();
        this.log = r.log();
        this.identity = r.header().identity();
        this.header = r.header();
        this.report = r.report();
        this.overlay = r.overlay();
        this.commitNumber = r.commitNumber();
        this.committedSize = r.committedSize();
        this.syncedThrough = r.commitNumber();
    }

    /**
     * Recovers the files of {@code files} and opens them.
     *
     * @param threshold checkpoint when the log's frames or the pages held in memory pass this many bytes
     */
    public static RedoProtocol open(Storage storage, LogFiles files, boolean writable, long threshold)
            throws IOException {
        return open(storage, files, writable, threshold, ReaderExclusion.NONE, 0);
    }

    /**
     * Recovers and opens like {@link #open(Storage, LogFiles, boolean, long)}; a writer changes
     * data-file pages (a replay at open, a checkpoint) only while {@code readers} excludes readers.
     */
    public static RedoProtocol open(Storage storage, LogFiles files, boolean writable, long threshold,
                                    ReaderExclusion readers) throws IOException {
        return open(storage, files, writable, threshold, readers, 0);
    }

    /** Recovers and opens like {@link #open(Storage, LogFiles, boolean, long, ReaderExclusion, long)}, excluding no reader. */
    public static RedoProtocol open(Storage storage, LogFiles files, boolean writable, long threshold,
                                    long preallocate) throws IOException {
        return open(storage, files, writable, threshold, ReaderExclusion.NONE, preallocate);
    }

    /**
     * Recovers the files of {@code files} and opens them; a writable open writes the log's frame
     * area with zeros up to {@code preallocate} bytes (if it is shorter) and syncs it. Later
     * commits whose frames fall in that area overwrite allocated blocks inside the file, so their
     * {@code fdatasync} writes data only, no file size or block map; a frame that passes the
     * written end first writes zeros ahead of it, doubling the area up to the threshold. A writer
     * changes data-file pages (a replay at open, a checkpoint) only while {@code readers} excludes
     * readers.
     *
     * @param threshold checkpoint when the log's frames or the pages held in memory pass this many bytes
     * @param preallocate bytes of frames to write the log ahead for; 0 writes nothing ahead
     */
    public static RedoProtocol open(Storage storage, LogFiles files, boolean writable, long threshold,
                                    ReaderExclusion readers, long preallocate) throws IOException {
        RedoProtocol p = new RedoProtocol(files, writable, threshold, readers, preallocate,
                RedoRecovery.run(storage, files, writable, readers));
        if (writable && preallocate > 0) {
            try {
                p.logWritten = p.log.size();
                if (p.writeAhead(RedoFrames.FRAMES_START + preallocate)) {
                    p.log.syncFile();
                }
            } catch (IOException | RuntimeException e) {
                p.close();
                throw e;
            }
        }
        return p;
    }

    /**
     * Writes zeros from {@link #logWritten} to {@code end}, rounded up to a page; whatever lies
     * there (nothing, or frames of earlier generations) is never a frame of the current one.
     *
     * @return whether the log grew
     */
    private boolean writeAhead(long end) throws IOException {
        long target = (end + PAGE - 1) / PAGE * PAGE;
        if (target <= logWritten) {
            return false;
        }
        ByteBuffer zeros = ByteBuffer.allocateDirect((int) Math.min(ZEROS, target - logWritten));
        while (logWritten < target) {
            int n = (int) Math.min(zeros.capacity(), target - logWritten);
            try {
                log.write(logWritten, zeros.clear().limit(n));
            } catch (StorageFullException e) {
                throw e.needing(target - logWritten);
            }
            // Counted chunk by chunk: a write the file system refuses keeps the zeros before it.
            logWritten += n;
        }
        return true;
    }

    @Override
    public long commitNumber() {
        return commitNumber;
    }

    @Override
    public long committedSize() {
        return committedSize;
    }

    @Override
    public RecoveryReport report() {
        return report;
    }

    @Override
    public List<PageImage> overlay() {
        return overlay;
    }

    /** The last commit whose frame is known durable. */
    public long syncedThrough() {
        return syncedThrough;
    }

    /** Bytes of frames in the log since the last checkpoint. */
    public long logBytes() {
        return logEnd - RedoFrames.FRAMES_START;
    }

    /** The committed images of the pages changed since the last checkpoint, by page index; read-only. */
    public NavigableMap<Long, byte[]> heldImages() {
        return Collections.unmodifiableNavigableMap(held);
    }

    /** Whether the log or the images held in memory have passed the threshold. */
    public boolean checkpointDue() {
        return logBytes() >= threshold || (long) held.size() * PAGE >= threshold;
    }

    /**
     * Whether the log or the held images have passed {@link #READER_DEFERRAL} times the threshold:
     * the checkpoint must no longer be put off for readers.
     */
    public boolean checkpointOverdue() {
        long bound = threshold > Long.MAX_VALUE / READER_DEFERRAL ? Long.MAX_VALUE : threshold * READER_DEFERRAL;
        return logBytes() >= bound || (long) held.size() * PAGE >= bound;
    }

    @Override
    public void ensureSize(long size) throws IOException {
        requireWritable();
        if (data.size() >= size) {
            return;
        }
        RedoHeader extended = header.extendedTo(size);
        log.write(0, extended.encode());
        Crashpoint.EXTEND_RECORDED.reach();
        log.syncData();
        header = extended;
        syncedThrough = commitNumber;
        data.truncate(size);
    }

    /** Needs a checkpoint first: the new header starts a generation with no frame in it. Holes are not needed. */
    @Override
    public boolean truncate(long size) throws IOException {
        requireWritable();
        long length = data.size();
        if (size >= length) {
            return true;
        }
        if (logEnd != RedoFrames.FRAMES_START) {
            throw new IllegalStateException(dataName + ": truncate needs a checkpoint first");
        }
        long kept = Math.min(size, committedSize);
        RedoHeader cut = new RedoHeader(identity, RedoRecovery.newGeneration(header.generation()), commitNumber, kept,
                length);
        log.write(0, cut.encode());
        Crashpoint.TRUNCATE_RECORDED.reach();
        log.syncData();
        header = cut;
        committedSize = kept;
        data.truncate(size);
        data.syncFile();
        return true;
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

    @Override
    public long commit(long[] dirtyPages, PageSource source, long newSize) throws IOException {
        return commit(dirtyPages, null, source, newSize, true);
    }

    /**
     * Appends the frame of a commit; with {@code sync} also syncs the log, which makes it durable.
     * Without, the commit is durable after the next {@link #sync()}, checkpoint or log sync.
     */
    public long commit(long[] dirtyPages, PageSource source, long newSize, boolean sync) throws IOException {
        return commit(dirtyPages, null, source, newSize, sync);
    }

    /**
     * Commits like {@link #commit(long[], PageSource, long, boolean)}, comparing of each dirty page
     * only the 64-byte lines that {@code markedLines} names: bit {@code i} of
     * {@code markedLines[k]} stands for bytes {@code 64i..64i+63} of page {@code dirtyPages[k]},
     * and every line without its bit must hold its committed bytes. Null: every line may have
     * changed.
     */
    public long commit(long[] dirtyPages, long[] markedLines, PageSource source, long newSize, boolean sync)
            throws IOException {
        requireWritable();
        if (newSize < committedSize) {
            throw new IllegalArgumentException("a commit cannot shrink the file from " + committedSize + " to " + newSize);
        }
        if (markedLines != null && markedLines.length != dirtyPages.length) {
            throw new IllegalArgumentException(markedLines.length + " line masks for " + dirtyPages.length + " pages");
        }
        if (writer == null) {
            writer = new FrameWriter(log, identity);
        }
        try {
            long next = commitNumber + 1;
            arenaUsed = 0;
            pageBuffersUsed = 0;
            for (int k = 0; k < dirtyPages.length; k++) {
                long at = dirtyPages[k] * PAGE;
                if (at < newSize) {
                    logPage(dirtyPages[k], markedLines == null ? -1 : markedLines[k], source,
                            (int) Math.min(PAGE, newSize - at));
                }
            }
            if (preallocate > 0) {
                long frameEnd = logEnd + records.frameLength();
                if (frameEnd > logWritten) {
                    // Doubling the written area keeps its growth, and the metadata syncs it costs, rare.
                    long doubled = Math.min(2 * logWritten - RedoFrames.FRAMES_START,
                            RedoFrames.FRAMES_START + threshold);
                    try {
                        writeAhead(Math.max(frameEnd, doubled));
                    } catch (StorageFullException e) {
                        // A nearly full file system may still hold this frame.
                        writeAhead(frameEnd);
                    }
                }
            }
            long length = writer.write(logEnd, header.generation(), next, newSize, syncedThrough, records);
            Crashpoint.REDO_FRAME_WRITTEN.reach();
            if (sync) {
                log.syncData();
                syncedThrough = next;
                Crashpoint.REDO_FRAME_SYNCED.reach();
            }
            logEnd += length;
            for (Patch p : patches) {
                System.arraycopy(p.source, p.sourceOffset, p.image, p.pageOffset, p.length);
            }
            for (NewImage n : newImages) {
                held.put(n.page, n.image);
                changedLines.merge(n.page, n.lines, (a, b) -> a | b);
                if (n.whole) {
                    imaged.add(n.page);
                }
            }
            commitNumber = next;
            committedSize = newSize;
            return next;
        } finally {
            // Whether the frame was written or not, its records and images are of no further use.
            records.clear();
            newImages.clear();
            patches.clear();
        }
    }

    /**
     * Adds the records of page {@code page}, of which {@code length} bytes lie in the file and the
     * lines {@code lines} may have changed, to the frame: one call per dirty page, which the JIT
     * compiler can compile by its own call count instead of waiting for the once-per-commit loop.
     */
    private void logPage(long page, long lines, PageSource source, int length) throws IOException {
        long at = page * PAGE;
        byte[] old = held.get(page);
        boolean isImaged = old != null && length == PAGE && imaged.contains(page);
        if (isImaged && fewLines(lines)) {
            changedLines(old, lines, source, at);
            return;
        }
        source.copy(at, now, 0, length);
        // Past the end of the file a page reads as zeros; what the buffer held there is another
        // page's, and a held image that kept it would hide changes when the file grows.
        Arrays.fill(now, length, PAGE, (byte) 0);
        boolean heldBefore = old != null;
        if (old == null) {
            old = fromDataFile(at);
        }
        if (Arrays.equals(now, 0, length, old, 0, length)) {
            return; // rewritten with the bytes it had: nothing to log
        }
        if (isImaged) {
            // Encoded from a page buffer of this commit; the held image takes its bytes once the
            // frame is written.
            byte[] buffer = pageBuffer(pageBuffersUsed++);
            System.arraycopy(now, 0, buffer, 0, PAGE);
            delta.encode(old, buffer, at, records);
            patches.add(new Patch(old, 0, buffer, 0, PAGE));
            return;
        }
        byte[] image = Arrays.copyOf(now, PAGE);
        int before = records.size();
        long mask = lineRuns(old, image, length, at);
        boolean whole = length == PAGE && (heldBefore || Long.bitCount(mask) >= WHOLE_PAGE_LINES);
        if (whole) {
            // Changed again in this generation, or much of it: log it whole once, and from then on
            // only its exact changes and moves.
            records.truncate(before);
            records.addBytes(at, image, 0, PAGE);
            mask = -1;
        }
        newImages.add(new NewImage(page, image, mask, whole));
    }

    /**
     * Whether a page whose changed lines are {@code lines} is compared line by line: no three
     * adjacent lines changed, so no run of changed bytes is long enough for {@link PageDelta} to
     * find a shift in it worth a move record. A counter or a field set changes one or two lines;
     * an insertion into a node shifts the entries after it, across more.
     */
    private static boolean fewLines(long lines) {
        return (lines & lines >>> 1 & lines >>> 2) == 0;
    }

    /**
     * Logs the changes of a held page whose whole image a frame of this generation holds, looking
     * only at the lines {@code lines}: their new bytes are copied from {@code source} into the arena,
     * compared with the committed image {@code image}, and logged as exact runs, split where at
     * least {@link #GAP} bytes are unchanged. The image itself is brought up to date once the
     * frame is written ({@link #patches}).
     */
    private void changedLines(byte[] image, long lines, PageSource source, long at) {
        for (long rest = lines; rest != 0; ) {
            int first = Long.numberOfTrailingZeros(rest);
            int end = first + Long.numberOfTrailingZeros(~(rest >>> first));
            rest &= end == 64 ? 0 : -1L << end;
            int from = first * LINE;
            int to = end * LINE;
            int n = to - from;
            byte[] bytes = readInto(source, at + from, n);
            int base = arenaUsed - from;
            if (Arrays.equals(image, from, to, bytes, base + from, base + to)) {
                continue;
            }
            arenaUsed += n;
            int i = from;
            while (i < to) {
                int d = Arrays.mismatch(image, i, to, bytes, base + i, base + to);
                if (d < 0) {
                    break;
                }
                int runFrom = i + d;
                int runTo = runFrom + 1;
                i = runTo;
                while (i < to) {
                    if (image[i] != bytes[base + i]) {
                        runTo = ++i;
                    } else if (i - runTo >= GAP) {
                        break;
                    } else {
                        i++;
                    }
                }
                records.addBytes(at + runFrom, bytes, base + runFrom, runTo - runFrom);
            }
            patches.add(new Patch(image, from, bytes, base + from, n));
        }
    }

    /** The {@code index}th page buffer of the current commit, made if there are not that many yet. */
    private byte[] pageBuffer(int index) {
        if (index == pageBuffers.size()) {
            pageBuffers.add(new byte[PAGE]);
        }
        return pageBuffers.get(index);
    }

    /** Copies the {@code n} bytes of {@code source} at {@code offset} to the arena's free space and returns the arena. */
    private byte[] readInto(PageSource source, long offset, int n) {
        if (arenaUsed + n > arena.length) {
            // Records of this frame keep the old array: it still holds their bytes.
            arena = new byte[Math.max(arena.length * 2, arenaUsed + n)];
            arenaUsed = 0;
        }
        source.copy(offset, arena, arenaUsed, n);
        return arena;
    }

    /**
     * Adds the runs of 64-byte lines of the page at {@code at} whose new image {@code image}
     * differs from {@code old} to the frame's records.
     *
     * @return a bit per line that changed
     */
    private long lineRuns(byte[] old, byte[] image, int length, long at) {
        int line = 0;
        int lines = (length + LINE - 1) / LINE;
        long mask = 0;
        while (line < lines) {
            if (sameLine(old, line, length)) {
                line++;
                continue;
            }
            int first = line;
            while (line < lines && !sameLine(old, line, length)) {
                line++;
            }
            int from = first * LINE;
            int to = Math.min(length, line * LINE);
            mask |= (line == 64 ? -1L : (1L << line) - 1) & -(1L << first);
            records.addBytes(at + from, image, from, to - from);
        }
        return mask;
    }

    private boolean sameLine(byte[] old, int line, int length) {
        int from = line * LINE;
        int to = Math.min(length, from + LINE);
        return Arrays.equals(now, from, to, old, from, to);
    }

    /**
     * Whether page {@code page} of {@code source} differs from its committed image in a line that
     * {@code lines} leaves out; for checking marks.
     */
    public boolean changedOutside(long page, long lines, PageSource source, long size) throws IOException {
        long at = page * PAGE;
        if (at >= size) {
            return false;
        }
        int length = (int) Math.min(PAGE, size - at);
        source.copy(at, now, 0, length);
        byte[] old = held.get(page);
        if (old == null) {
            old = fromDataFile(at);
        }
        for (int line = 0; line * LINE < length; line++) {
            if ((lines & 1L << line) == 0 && !sameLine(old, line, length)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The committed bytes of page {@code page}: its held image if a commit since the last
     * checkpoint changed it, else what the data file holds (a copy).
     */
    public byte[] committedImage(long page) throws IOException {
        byte[] image = held.get(page);
        return image != null ? image : fromDataFile(page * PAGE).clone();
    }

    /** The committed image of a page no commit changed since the checkpoint: the data file's, zeros past its end. */
    private byte[] fromDataFile(long at) throws IOException {
        Arrays.fill(fromFile, (byte) 0);
        ByteBuffer b = ByteBuffer.wrap(fromFile);
        data.read(at, b.limit((int) Math.max(0, Math.min(PAGE, data.size() - at))));
        return fromFile;
    }

    /** Makes every commit durable: syncs the log if a commit since the last sync did not. */
    public void sync() throws IOException {
        requireWritable();
        if (syncedThrough < commitNumber) {
            long upTo = commitNumber;
            log.syncData();
            syncedThrough = upTo;
        }
    }

    /**
     * Writes every page committed since the last checkpoint into the data file, syncs it, and
     * restarts the log with a new generation; first waits until no reader is open. Does nothing if
     * no commit happened since.
     *
     * @return the committed images of the pages it wrote, by page index
     */
    public NavigableMap<Long, byte[]> checkpoint() throws IOException {
        requireWritable();
        if (logEnd == RedoFrames.FRAMES_START) {
            return Collections.emptyNavigableMap();
        }
        readers.exclude();
        try {
            return checkpointExcludingReaders();
        } finally {
            readers.admit();
        }
    }

    /**
     * Gives back the area written ahead beyond the first {@code preallocate} bytes of frames, once a
     * checkpoint has left the log without a frame: at close, so that a file at rest keeps no more
     * log on disk than a new one. The next writer grows it again as its frames need.
     */
    public void shrinkLog() throws IOException {
        requireWritable();
        if (preallocate <= 0 || logEnd != RedoFrames.FRAMES_START) {
            return;
        }
        long initial = (RedoFrames.FRAMES_START + preallocate + PAGE - 1) / PAGE * PAGE;
        if (log.size() > initial) {
            // Past the restarted header there are only frames of earlier generations, which never validate again.
            log.truncate(initial);
            log.syncFile();
            logWritten = initial;
        }
    }

    /**
     * Checkpoints like {@link #checkpoint()} if no reader is open; else does nothing.
     *
     * @return the committed images of the pages it wrote, by page index; null if a reader kept the
     *     checkpoint from running
     */
    public NavigableMap<Long, byte[]> tryCheckpoint() throws IOException {
        requireWritable();
        if (logEnd == RedoFrames.FRAMES_START) {
            return Collections.emptyNavigableMap();
        }
        if (!readers.tryExclude()) {
            return null;
        }
        try {
            return checkpointExcludingReaders();
        } finally {
            readers.admit();
        }
    }

    /**
     * A {@link StorageFullException} here comes from a write of bytes the log holds durably: the
     * checkpoint is not done, the log and the held pages stay, and it can be run again.
     */
    private NavigableMap<Long, byte[]> checkpointExcludingReaders() throws IOException {
        // Bytes of a frame that a power cut could still take must never reach the data file.
        sync();
        try {
            writeHeldPages();
        } catch (StorageFullException e) {
            throw e.needing(changedBytes());
        }
        Crashpoint.CHECKPOINT_DATA_WRITTEN.reach();
        if (data.size() < committedSize) {
            data.truncate(committedSize);
        }
        data.syncFile();
        Crashpoint.CHECKPOINT_DATA_SYNCED.reach();
        RedoHeader restarted = new RedoHeader(identity, RedoRecovery.newGeneration(header.generation()), commitNumber,
                committedSize, Math.max(data.size(), committedSize));
        log.write(0, restarted.encode());
        Crashpoint.CHECKPOINT_HEADER_WRITTEN.reach();
        log.syncData();
        header = restarted;
        logEnd = RedoFrames.FRAMES_START;
        NavigableMap<Long, byte[]> written = Collections.unmodifiableNavigableMap(held);
        held = new TreeMap<>();
        changedLines.clear();
        imaged.clear();
        return written;
    }

    /** The bytes a checkpoint writes: the changed lines of the held pages. */
    private long changedBytes() {
        long lines = 0;
        for (long mask : changedLines.values()) {
            lines += Long.bitCount(mask);
        }
        return lines * LINE;
    }

    /** Writes the changed lines of the held pages, each contiguous run of them with one write. */
    private void writeHeldPages() throws IOException {
        ByteBuffer run = ByteBuffer.allocateDirect(WRITE_RUN_PAGES * PAGE);
        long runEnd = -1;
        for (var e : held.entrySet()) {
            long page = e.getKey();
            long mask = changedLines.get(page);
            int line = 0;
            while (line < 64) {
                if ((mask & 1L << line) == 0) {
                    line++;
                    continue;
                }
                int first = line;
                while (line < 64 && (mask & 1L << line) != 0) {
                    line++;
                }
                long from = page * PAGE + (long) first * LINE;
                int length = (int) Math.min((long) (line - first) * LINE, committedSize - from);
                if (from != runEnd || run.remaining() < length) {
                    flush(run, runEnd);
                }
                run.put(e.getValue(), first * LINE, length);
                runEnd = from + length;
            }
        }
        flush(run, runEnd);
    }

    /** Writes the bytes in {@code run}, which end at file offset {@code end}. */
    private void flush(ByteBuffer run, long end) throws IOException {
        if (run.position() > 0) {
            int n = run.position();
            data.write(end - n, run.flip());
        }
        run.clear();
    }

    /** Only the last commit: the write-ahead mode retains no earlier versions. */
    @Override
    public List<Long> versions() {
        return List.of(commitNumber);
    }

    @Override
    public void rollbackTo(long target) {
        if (target != commitNumber) {
            throw new IllegalArgumentException("commit " + target + " is not retained; retained commits are "
                    + versions() + " (the write-ahead commit mode retains no earlier versions)");
        }
    }

    private void requireWritable() {
        if (!writable) {
            throw new FamsException(dataName + " is open read-only");
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
