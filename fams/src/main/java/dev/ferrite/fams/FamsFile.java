package dev.ferrite.fams;

import dev.ferrite.fams.dirty.DirtyBitmap;
import dev.ferrite.fams.dirty.Madvise;
import dev.ferrite.fams.dirty.PagemapScanner;
import dev.ferrite.fams.events.CheckpointEvent;
import dev.ferrite.fams.events.CommitEvent;
import dev.ferrite.fams.events.RecoveryEvent;
import dev.ferrite.fams.log.LogFormat;
import dev.ferrite.fams.mapping.PrivateFileMapping;
import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.protocol.CommitProtocol;
import dev.ferrite.fams.protocol.PageSource;
import dev.ferrite.fams.protocol.RedoProtocol;
import dev.ferrite.fams.protocol.UndoProtocol;
import dev.ferrite.fams.recovery.PageImage;
import dev.ferrite.fams.space.ReleasedPages;
import dev.ferrite.fams.storage.AtomicCreation;
import dev.ferrite.fams.storage.CountingStorage;
import dev.ferrite.fams.storage.IoCounters;
import dev.ferrite.fams.storage.FileChannelStorage;
import dev.ferrite.fams.storage.ReaderExclusion;
import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFullException;
import dev.ferrite.fams.storage.StorageOverrides;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A memory-mapped file whose backing file always holds its last successful {@link #commit()}:
 * failure-atomic msync (Terence Kelly's FAMS), in user space.
 *
 * <pre>{@code
 * try (FamsFile f = FamsFile.open(path, FamsOptions.builder().size(1 << 30).build())) {
 *     MemorySegment m = f.segment();
 *     m.set(ValueLayout.JAVA_LONG, 0, 42);
 *     f.markDirty(0, 8);          // optional in the default COMBINED mode
 *     f.commit();                 // all or nothing, durable when it returns
 * }
 * }</pre>
 *
 * <h2>How it works</h2>
 * The file is mapped {@code MAP_PRIVATE}: a page the program writes becomes a private copy, and
 * the kernel never writes it back, so the file changes only when {@code commit()} writes it. The
 * pages written since the last commit are found from {@link #markDirty} marks and/or
 * {@code /proc/self/pagemap} (see {@link DirtyTracking}). Beside the data file {@code F} live
 * {@code F.fams-log} (a preallocated, reused log whose header sector records the last commit
 * number and the committed size) and, with
 * {@link FamsOptions#retainVersions}, {@code F.fams-undo.N} (the undo log of commit N).
 *
 * <h2>The commit protocol, step by step</h2>
 * <ol>
 *   <li><b>Undo log.</b> For each dirty page, read its committed image from the data file (the
 *       mapping is private, so the file still has it). Pages whose new bytes equal the committed
 *       ones are skipped entirely; all-zero old pages are logged without their bytes; pages beyond
 *       the committed size need no image (undo truncates them). Write the records (each with a
 *       64-bit check of the page's new bytes, and a CRC32C over the file id, the record and the
 *       image), a trailer, and a header sector saying "armed: commit k+1, old size, new size, n
 *       records starting at offset r". <br><i>Sync the log</i> ({@code fdatasync}): the images
 *       must be durable before any byte of the data file changes, or a crash during step 2 would
 *       leave a mix that nothing can undo. With retention the log is a new file, so it gets
 *       {@code fsync} and the directory is synced too: a log whose directory entry a power cut
 *       loses is no log.</li>
 *   <li><b>Data.</b> Write the new pages into the data file with positional writes. <br><i>Sync
 *       the data file</i> ({@code fdatasync}, {@code fsync} if its size changed): once the new
 *       pages are durable the commit is, and {@code commit()} returns.</li>
 *   <li><b>Retire.</b> Rewrite the log's header sector (one 512-byte, checksummed sector, so it is
 *       written whole) as "idle: commit k+1, new size". <br><i>Sync the log</i>, but only when
 *       the commit grew the file or retention is on: pages beyond the old size have no record
 *       whose check could show they were written, and retained undo files are named after the
 *       idle header's commit, so until this is durable a crash would undo the commit. Otherwise
 *       the idle header becomes durable with the next commit's first sync, the next writable
 *       open (which syncs the log before anything reuses its records) or the kernel's writeback;
 *       until then recovery finds the commit complete by its records' checks.</li>
 * </ol>
 * A commit that neither grows the file nor retains versions thus costs two syncs. As its armed
 * header may still be the one on disk after it returns, the next commit writes its records where
 * they cannot overwrite that commit's records (at offset 4096 if they fit before them, after them
 * otherwise): until the next armed header is synced, recovery may still need them. Without
 * retention, a commit with no changed page and no growth skips steps 1 and 2 and syncs only its
 * idle header: one sync.
 * <b>Recovery</b> at {@link #open} reads the log header: idle means the file is the recorded
 * commit. Armed, with every record and the trailer valid, the file size unchanged, and every
 * logged page holding the bytes its record's check describes, means step 2 finished (or all its
 * writes reached the file before the crash): the commit stands, the data file is synced, and the
 * header is rewritten as idle and synced. Armed and complete otherwise means step 2 may have
 * started: the images are written back, the data file is cut to its old size and synced, and
 * only then is the header rewritten as idle and synced, so a crash during recovery leaves the
 * same work to the next recovery. Armed but incomplete means the log sync in step 1 never
 * finished, hence the data file was never touched, and the log is discarded. Recovery checks
 * that claim before trusting it: the armed header carries fingerprints (32 bits of XXH64) of the
 * new contents of the first 18 logged pages, and the records that do validate carry the old contents; if the
 * data file shows any new page, the log was complete once and has since been damaged, and
 * recovery refuses with {@link FamsCorruptException} rather than leave a mix. A damaged header is
 * refused the same way.
 * The log file is created once: a new data file's directory entry is synced first, then the log
 * is written to a temporary file, synced, renamed into place and the directory synced again;
 * later commits change no directory.
 *
 * <h2>The write-ahead mode</h2>
 * With {@link FamsOptions.Builder#commitMode commitMode(CommitMode.REDO)} the log beside the file
 * is {@code F.fams-redo}, written ahead with zeros (1 MiB of frames at first, doubled as frames
 * reach its end, up to the checkpoint threshold; the file keeps that size across checkpoints) so
 * that a commit's {@code fdatasync} writes data and no metadata, and a commit costs one sync: each
 * dirty page is compared with its last
 * committed image in 64-byte lines, and one self-validating frame with the runs of changed lines
 * (layout in {@code RedoFrames}) is appended to the log and synced; the data file is not touched.
 * Committed pages stay in the private mapping, and their committed images in memory, until a
 * checkpoint: when the log or those images pass {@link FamsOptions#checkpointThreshold()}, on
 * {@link #checkpoint()} and at {@link #close()}. A checkpoint syncs the log, writes the changed
 * lines into the data file, syncs it, and restarts the log under a new random generation, so
 * that the frames left in it never validate again. Recovery replays every complete frame of the
 * current generation and stops at the first that does not validate; a writable open then
 * checkpoints at once, a read-only one lays the replayed pages over its view. {@link
 * Durability#ASYNC} commits append their frame without syncing it; a background sync, {@link
 * #sync()}, the next synchronous commit or a checkpoint makes them durable, and a crash loses at
 * most the last of them, whole. A file of the undo mode opened in the write-ahead mode is
 * recovered, then switched to a redo log; a file of the write-ahead mode opened writable in the
 * undo mode is recovered and checkpointed, then switched to an undo log (a crash during either
 * switch leaves the redo log in charge, and the next open finishes it).
 *
 * <h2>Read-only opens of a write-ahead file</h2>
 * A read-only open sees exactly the last commit as of its open: the data file with the complete
 * frames of the log laid over its view. It keeps seeing that commit, and nothing else, until it
 * closes, because from before it reads the log until it closes it holds a shared open file
 * description lock on byte 2 of the data file, and the writer changes data-file pages only while it
 * holds that byte exclusively: in a checkpoint, and when a writable open of either mode replays
 * the log (so a writable open in the undo mode waits for them before it switches). (Pages a
 * reader has not touched yet are read from the file when first touched, so without the lock a
 * checkpoint would show it parts of later commits.) So:
 * <ul>
 *   <li>A checkpoint due by {@link FamsOptions#checkpointThreshold()} is put off while readers are
 *       open, and tried again after each commit, until the log or the pages held in memory reach
 *       {@value RedoProtocol#READER_DEFERRAL} times the threshold: the bound on both while readers
 *       defer checkpoints. Past it, and in {@link #checkpoint()}, the writer waits for the open
 *       readers to close; meanwhile it holds byte 1 of the file, which keeps new read-only opens
 *       waiting (for up to 10 s, then {@link FamsLockedException}) and makes
 *       {@link #checkpointWaiting()} true in the open ones, which should close and reopen.</li>
 *   <li>{@link #close()} does not wait: with readers open it syncs the log and leaves the commits
 *       in it to the next open, whose replay waits for those readers.</li>
 *   <li>A reader in the writer's own process takes its own lock, so a thread must not call
 *       {@link #checkpoint()} while it holds a read-only open of the same file: it would wait for
 *       itself.</li>
 * </ul>
 * Where open file description locks are unavailable (not Linux), readers take no lock, and a
 * checkpoint changes the data file under them, as a commit does in the undo mode.
 *
 * <h2>Retention</h2>
 * With {@link FamsOptions#retainVersions} {@code n > 0}, step 1 writes the undo records of commit
 * k+1 to a new file {@code F.fams-undo.k+1} (synced, then the directory synced) while the main log
 * stays "idle: commit k"; recovery treats an undo file for k+1 next to "idle: k" as the commit in
 * flight. After step 3 the undo file stays, and the oldest beyond {@code n} is removed.
 * {@link #rollbackTo} walks back one commit c at a time: it first rewrites the header as "idle:
 * c-1" and syncs it, so that from then on recovery would finish the step; then applies c's undo
 * images, syncs the data file, removes the undo file and syncs the directory (a resurrected undo
 * file of an abandoned commit could otherwise be applied by a later recovery).
 *
 * <h2>Giving space back</h2>
 * {@link #release} tells the file that the committed bytes of some pages are no longer needed
 * (a heap's freed pages). Their blocks are punched out of the data file ({@code fallocate}
 * {@code PUNCH_HOLE}) once no recovery, checkpoint or rollback can need them, and the mapping's
 * private copies are dropped; see {@link #release} for when that is in each mode. {@link #truncate}
 * cuts the end of the file off (a heap whose last regions a compaction emptied), crash-safely and
 * only while no read-only open maps the file.
 *
 * <h2>A full file system</h2>
 * A file system without space (or a user over quota) is an ordinary error, {@link
 * FamsFullException}, naming the file system, the bytes needed and the bytes free. The protocols
 * meet it only before anything of the operation is durable, so the file stays at its last commit
 * and this object stays usable: {@link #rollback()} works, and once space is freed so does the
 * next {@link #commit()}, which commits the kept changes (the same process, no reopening). A
 * redo commit needs space only when its frame passes the log's written-ahead area; an undo commit
 * first allocates blocks ({@code fallocate}) under the pages it will write that may be holes
 * (all-zero committed bytes), so that they exist before its log is synced. A checkpoint only writes bytes the log
 * holds durably: one refused for space leaves the commits in the log and is tried again after the
 * next commit, at {@link #checkpoint()} and at {@link #close()} (a commit whose checkpoint is
 * refused still returns: it is durable in the log).
 *
 * <p>Any other I/O error during a commit poisons this object: every later call throws
 * {@link FamsPoisonedException} until the file is reopened, because after a failed
 * {@code fsync} the kernel may have dropped the dirty pages and a retry could falsely succeed.
 * For the same reason recovery never trusts the page cache: it reads the pages that decide
 * whether a commit reached the disk with {@code O_DIRECT} where the file system allows, and
 * writes back an undo image wherever either the disk or the cache differs from it.
 *
 * <h2>Which file</h2>
 * A path through a symbolic link is resolved first: the log lives beside the real file. A file
 * with several hard links, or one that is not a regular file, is refused. The log records the
 * data file's identity (inode and birth time): a log found beside another file (a restored
 * backup, a new file at the same path) is never applied; idle, it is replaced and the file's
 * contents become commit 0; armed, the open is refused. An idle header also records how far an
 * open may have extended the file: a data file of any other length is refused, never cut.
 *
 * <h2>Threading rules</h2>
 * <ul>
 *   <li>Any number of threads may read and write {@link #segment()} and call {@link #markDirty}
 *       between commits; coordinating them is the application's business.</li>
 *   <li>Threads may read the segment while {@link #commit()}, {@link #sync()} or {@link #checkpoint()}
 *       runs: none changes what the mapping shows. A redo commit leaves the mapping untouched; a
 *       checkpoint, and an undo commit, hand back the private copies of pages whose bytes the
 *       file now holds, so a read sees the same bytes from the copy or from the file. What excludes
 *       readers: {@link #rollback()} (in the write-ahead mode a page it restores shows the last
 *       checkpoint's bytes for an instant before its committed image is copied back),
 *       {@link #rollbackTo} and {@link #close()}.</li>
 *   <li><b>No thread may write the segment during {@link #commit()}, {@link #checkpoint()},
 *       {@link #rollback()} or {@link #rollbackTo}</b>: a write that races with a commit may be lost or half-committed,
 *       because the commit drops the private copies of the pages it wrote, and it can make the
 *       page differ from the check logged for it, so that recovery after a power cut undoes the
 *       whole commit although {@code commit()} returned; during
 *       {@code rollbackTo} no thread may even read it, since the file may briefly be shorter than
 *       the mapping. Hold your own read/write lock: writes and rollbacks take its write side,
 *       reads and commits its read side.</li>
 *   <li>{@code commit}, {@code rollback}, {@code rollbackTo} and {@code close} serialise with
 *       each other. Call {@code commit()} only when the application's invariants hold.</li>
 *   <li>One process writes a file at a time: a writable open takes an open file description lock
 *       on the data file itself, which every name of the file meets and which no other
 *       descriptor's close releases; a second writer, in this process or another, gets
 *       {@link FamsLockedException}. Readers in other processes open with
 *       {@link FamsOptions#readOnly}: they see the last commit as of their open, with any commit
 *       in flight undone in their view. In the write-ahead mode they keep seeing exactly that
 *       commit until they close (see above). In the undo mode, pages they have not yet touched may
 *       show later commits if the writer commits while they are open, so a reader that needs one
 *       consistent snapshot must not overlap with the writer's commits. A reader maps the committed size; a writer's
 *       {@link #rollbackTo} to a commit before the file grew shrinks the file under such a
 *       reader, whose accesses past the new end then fail. {@link #truncate} does not: every
 *       read-only open, of either mode, holds the shared reader lock, and a truncation runs only
 *       while it can exclude them.</li>
 * </ul>
 */
public final class FamsFile implements AutoCloseable {
    private static final int PAGE = LogFormat.PAGE_SIZE;
    /**
     * Bytes of frames a writable open of the write-ahead mode writes the redo log ahead for: room
     * for thousands of small commits whose syncs change no metadata. Frames past it double the
     * written area, up to the checkpoint threshold; the log keeps its size across checkpoints.
     */
    private static final long LOG_PREALLOCATION = 1 << 20;

    private final Path path;
    private final FamsOptions options;
    private final DirtyTracking tracking;
    private final WriterLock writerLock;
    private final WriterLock logLock;
    /** The writer's exclusion of readers, or a reader's shared lock; null without OFD locks. */
    private final AutoCloseable readerLock;
    /** What keeps readers out while {@link #truncate} cuts the file; NONE read-only. */
    private final ReaderExclusion truncation;
    private final PagemapScanner pagemap;
    private final CommitProtocol protocol;
    /** The same object as {@link #protocol} in the write-ahead mode; null in the undo mode. */
    private final RedoProtocol redo;
    private final Arena arena;
    private final MemorySegment mapping;
    private final MemorySegment exposed;
    private final DirtyBitmap marks;
    /**
     * The bytes of the mapping the file backs: the file's size since the last {@link #grow} or
     * commit. The mapping may reserve more ({@link FamsOptions#reserve()}), for growth in place.
     */
    private volatile long size;
    /** The size mapped at open: a rollback to an earlier commit keeps the file at least this long. */
    private final long openedSize;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;
    private volatile Throwable poison;
    /** Whether a background sync of {@link Durability#ASYNC} commits is scheduled. */
    private boolean syncScheduled;
    private final IoCounters io;
    private long commits;
    private long pagesCommitted;
    private long checkpoints;
    private Instant lastCommitTime;
    private long lastCommitNanos;
    /** Pages {@link #release}d whose blocks are not yet punched out of the file. */
    private final ReleasedPages released = new ReleasedPages();
    /**
     * The undo mode's last commit's pages: its armed log header may still be the one on disk, and
     * recovery would take a punched page for a torn write and undo the commit.
     */
    private long[] lastCommitPages = new long[0];
    /** The write-ahead mode: the commit the data file holds since the last checkpoint. */
    private long checkpointedCommit;
    /** Why pages are no longer released (the file system cannot punch holes), or null. */
    private String releaseUnsupported;

    private FamsFile(Path path, FamsOptions options, DirtyTracking tracking, WriterLock writerLock, WriterLock logLock,
                     AutoCloseable readerLock, PagemapScanner pagemap, CommitProtocol protocol, Arena arena,
                     MemorySegment mapping, long size, IoCounters io) {
        this.path = path;
        this.io = io;
        this.options = options;
        this.tracking = tracking;
        this.writerLock = writerLock;
        this.logLock = logLock;
        this.readerLock = readerLock;
        this.pagemap = pagemap;
        this.protocol = protocol;
        this.redo = protocol instanceof RedoProtocol r ? r : null;
        this.arena = arena;
        this.mapping = mapping;
        this.exposed = options.readOnly() ? mapping.asReadOnly() : mapping;
        this.size = size;
        this.openedSize = size;
        this.marks = new DirtyBitmap((mapping.byteSize() + PAGE - 1) / PAGE);
        this.truncation = !options.readOnly() && readerLock instanceof ReaderLock l ? l : ReaderExclusion.NONE;
        // A writable open of the write-ahead mode has checkpointed whatever recovery replayed.
        this.checkpointedCommit = protocol.commitNumber();
    }

    /**
     * Opens (creating if absent, with permissions 0600, unless read-only) and recovers {@code path},
     * then maps it. Opening reads no data page.
     *
     * @throws FamsLockedException if another writer holds the file
     * @throws FamsCorruptException if recovery finds a log or file it cannot trust
     * @throws FamsException for I/O errors and unsupported options
     */
    public static FamsFile open(Path path, FamsOptions options) {
        return open(path, options, StorageOverrides.forFile(path));
    }

    static FamsFile open(Path path, FamsOptions options, Storage fileSystem) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        WriterLock writerLock = null;
        WriterLock logLock = null;
        AutoCloseable readerLock = null;
        PagemapScanner pagemap = null;
        CommitProtocol protocol = null;
        Arena arena = null;
        try {
            LogFiles files = new LogFiles(DataFilePath.resolve(path));
            IoCounters io = new IoCounters();
            Storage storage = new CountingStorage(fileSystem, files.data(), io);
            if (!options.readOnly()) {
                if (!storage.exists(files.data())) {
                    if (storage.exists(files.log())) {
                        throw new FamsCorruptException(files.data() + " is missing but its log " + files.log()
                                + " exists; restore the data file, or delete the log to start a new file");
                    }
                    // The lock is on the file itself, so the file must exist first; its directory entry
                    // must be durable before its log's, since a log without its file is refused.
                    storage.open(files.data(), Storage.Mode.CREATE).close();
                    storage.syncDirectory(files.directory());
                }
                writerLock = WriterLock.acquire(files.data());
                logLock = lockLog(files, storage);
            }
            DirtyTracking tracking = options.dirtyTracking();
            if (tracking != DirtyTracking.EXPLICIT && !options.readOnly()) {
                String[] why = new String[1];
                pagemap = PagemapScanner.open(why);
                if (pagemap == null || !Madvise.available()) {
                    if (tracking != DirtyTracking.COMBINED) {
                        throw new FamsException("dirty tracking " + tracking + " needs /proc/self/pagemap and madvise: "
                                + (why[0] != null ? why[0] : "madvise is unavailable") + "; use EXPLICIT");
                    }
                    tracking = DirtyTracking.EXPLICIT;
                }
            }
            // A read-only open follows the log the file has; a writable one the mode it is asked for.
            boolean redoMode = options.readOnly() ? storage.exists(files.redoLog())
                    : options.commitMode() == CommitMode.REDO;
            ReaderExclusion readers = ReaderExclusion.NONE;
            if (redoMode) {
                if (!options.readOnly()) {
                    readers = ReaderLock.forWriter(files.data());
                    readerLock = readers instanceof ReaderLock l ? l : null;
                } else if (storage.exists(files.data())) {
                    // Before the log is read: from now until close no checkpoint changes the data file.
                    readerLock = ReaderLock.share(files.data());
                }
            }
            if (!redoMode && options.readOnly() && storage.exists(files.data())) {
                // Before the committed size is read: no truncation cuts the file while this open maps it.
                readerLock = ReaderLock.share(files.data());
            }
            if (redoMode) {
                protocol = RedoProtocol.open(storage, files, !options.readOnly(), options.checkpointThreshold(),
                        readers, Math.min(options.checkpointThreshold(), LOG_PREALLOCATION));
            } else if (!options.readOnly() && storage.exists(files.redoLog())) {
                // The switch from the write-ahead mode replays the redo log into the data file: like a
                // checkpoint, only while no reader of the write-ahead file is open. Its readers open
                // the undo log once the switch is done, and take no lock then.
                readers = ReaderLock.forWriter(files.data());
                readerLock = readers instanceof ReaderLock l ? l : null;
                protocol = UndoProtocol.open(storage, files, true, options.retainVersions(), readers);
                RuntimeException unlocked = closeAll(null, readerLock);
                readerLock = null;
                if (unlocked != null) {
                    throw unlocked;
                }
            } else {
                protocol = UndoProtocol.open(storage, files, !options.readOnly(), options.retainVersions());
            }
            if (!redoMode && !options.readOnly()) {
                // Undo commits write the data file under readers, as they always did; only a truncation
                // excludes them, since a reader's access past the end of the file faults.
                readerLock = ReaderLock.forWriter(files.data()) instanceof ReaderLock l ? l : null;
            }
            recorded(files.data(), protocol.report(), options.readOnly(), io.snapshot());
            if (!options.readOnly()) {
                // Recovery may have written a new log in place of none, of another file's or of the
                // other mode's: lock the one in use now. No writer of this file can come between.
                RuntimeException unlocked = closeAll(null, logLock);
                logLock = null;
                if (unlocked != null) {
                    throw unlocked;
                }
                logLock = lockLog(files, storage);
            }
            long size = options.readOnly() ? protocol.committedSize() : Math.max(options.size(), protocol.committedSize());
            if (!options.readOnly()) {
                protocol.ensureSize(size);
            }
            arena = Arena.ofShared();
            long reserve = options.readOnly() ? size : Math.max(size, options.reserve());
            MemorySegment mapping = map(files.data(), size, reserve, arena, protocol.overlay());
            return new FamsFile(files.data(), options, tracking, writerLock, logLock, readerLock, pagemap, protocol,
                    arena, mapping, size, io);
        } catch (IOException e) {
            FamsException failure = e instanceof StorageFullException full
                    ? new FamsFullException("cannot open " + path + ": " + full.getMessage(), full.fileSystem(),
                            full.neededBytes(), full.freeBytes(), full)
                    : new FamsException("cannot open " + path + ": " + e, e);
            closeAll(failure, arena, protocol, pagemap, readerLock, writerLock, logLock);
            throw failure;
        } catch (RuntimeException | Error e) {
            closeAll(e, arena, protocol, pagemap, readerLock, writerLock, logLock);
            throw e;
        }
    }

    /**
     * Creates {@code path} holding {@code content} followed by zeros up to {@code size} bytes,
     * unless a file already exists there, so that the file appears whole or not at all: a crash
     * leaves either no file or this one (and at worst a temporary {@code .NAME.*.creating} file
     * beside it). Opening the new file with {@link #open} makes its contents commit 0.
     *
     * @return whether this call created the file; false if one was already there, left unchanged
     * @throws FamsException if it cannot be created
     */
    public static boolean create(Path path, ByteBuffer content, long size) {
        try {
            Path resolved = DataFilePath.resolve(path);
            return AtomicCreation.createIfAbsent(StorageOverrides.forFile(resolved), resolved, content, size);
        } catch (IOException e) {
            throw new FamsException("cannot create " + path + ": " + e, e);
        }
    }

    /**
     * Locks the log too, if there is one: the data file's lock cannot stop a writer of another file
     * that replaced this one under the same name (a backup renamed into place while the writer
     * runs) from recovering, replacing or deleting the logs the running writer still uses.
     */
    private static WriterLock lockLog(LogFiles files, Storage storage) throws IOException {
        Path log = storage.exists(files.redoLog()) ? files.redoLog() : files.log();
        if (!storage.exists(log)) {
            return null;
        }
        FileChannelStorage.requireRegularFile(log);
        try {
            return WriterLock.acquire(log);
        } catch (FamsLockedException e) {
            throw new FamsLockedException(log + " is in use by a writer of another file that was at "
                    + files.data() + " (the file was replaced while it was open); stop that writer first");
        }
    }

    /**
     * Maps {@code size} bytes of {@code data}, in an address range of {@code reserve} bytes where
     * {@code mmap} can be called: the pages past the file's end fault until {@link #grow} extends
     * the file, and then show it in place. A reservation the kernel refuses is halved until it is
     * granted or reaches {@code size}.
     */
    private static MemorySegment map(Path data, long size, long reserve, Arena arena, List<PageImage> overlay)
            throws IOException {
        FileChannel channel;
        try {
            // MapMode.PRIVATE needs a channel open for writing, even though the file is never written through it.
            channel = FileChannel.open(data, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (AccessDeniedException e) {
            if (!overlay.isEmpty()) {
                throw new FamsException(data + " has an unfinished commit and cannot be opened for writing by this"
                        + " user, so its last commit cannot be shown; open it writable once to recover it", e);
            }
            try (FileChannel ro = FileChannel.open(data, StandardOpenOption.READ)) {
                return ro.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            }
        }
        try (channel) {
            // MAP_NORESERVE where possible: a sparse file far larger than memory must still map.
            MemorySegment m = PrivateFileMapping.available()
                    ? mapReserving(data, size, reserve, arena)
                    : channel.map(FileChannel.MapMode.PRIVATE, 0, size, arena);
            for (PageImage img : overlay) {
                MemorySegment.copy(MemorySegment.ofArray(img.bytes()), 0, m, img.offset(), img.bytes().length);
            }
            return m;
        }
    }

    private static MemorySegment mapReserving(Path data, long size, long reserve, Arena arena) throws IOException {
        long length = reserve;
        while (true) {
            try {
                return PrivateFileMapping.map(data, length, true, arena);
            } catch (IOException e) {
                if (length <= size) {
                    throw e;
                }
                length = Math.max(size, (length / 2) & -PAGE);
            }
        }
    }

    /**
     * The mapped file. Writes become durable only through {@link #commit()}; read-only files give
     * a read-only segment. With {@link FamsOptions#reserve()} the segment spans the whole
     * reservation, but only its first {@link #size()} bytes may be touched. Invalid after
     * {@link #close()}.
     */
    public MemorySegment segment() {
        requireOpen();
        return exposed;
    }

    /**
     * The bytes of {@link #segment()} that the file backs: the size of the last commit, or more
     * after {@link #grow} or an open with a larger {@link FamsOptions#size()}.
     */
    public long size() {
        return size;
    }

    /**
     * Extends the file to {@code newSize} bytes of zeros (sparse where the file system allows), in
     * place: the segment's address does not change, and its pages up to {@code newSize} can be
     * touched at once. The growth becomes part of the next commit; a crash before it cuts the file
     * back, and {@link #rollback()} keeps it (the next commit commits it). Does nothing if the file
     * is already that large.
     *
     * @throws FamsException if {@code newSize} passes the reserved mapping ({@link
     *     FamsOptions#reserve()}); the message gives both sizes
     * @throws FamsPoisonedException if recording or extending failed
     */
    public void grow(long newSize) {
        lock.lock();
        try {
            requireUsable();
            requireWritable("grow");
            if (newSize <= size) {
                return;
            }
            if (newSize > mapping.byteSize()) {
                throw new FamsException("cannot grow " + path + " to " + newSize + " bytes: only " + mapping.byteSize()
                        + " bytes of address space are reserved for it; open it with a larger FamsOptions.reserve");
            }
            try {
                protocol.ensureSize(newSize);
            } catch (IOException | RuntimeException e) {
                throw poison("growing to " + newSize + " bytes", e);
            }
            size = newSize;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Cuts the file to {@code newSize} bytes (a whole number of pages), giving the space from there
     * on back to the file system, for an application that needs none of those bytes any more (a heap
     * whose last regions a compaction emptied). Call it right after a commit or rollback, with
     * nothing written since; the segment's pages from {@code newSize} on then fault until {@link
     * #grow} extends the file again, with zeros. In the write-ahead mode it checkpoints first.
     *
     * <p>Crash-safe: after a crash at any instant the file opens at its last commit, either at its
     * old size (the bytes from {@code newSize} on possibly zeros) or at {@code newSize}. The log
     * first records that the file may still be as long as it is, so recovery accepts and cuts it;
     * in the undo mode the bytes to cut are first punched out and synced, since its recovery
     * accepts only zeros past the committed size.
     *
     * <p>Read-only opens map the file, and their reads past its new end would fault: while any is
     * open (in this process or another) nothing is done and false is returned; try again later.
     * Also false, doing nothing, while earlier versions are retained ({@link FamsOptions#retainVersions};
     * a rollback to them needs the bytes), and in the undo mode where holes cannot be punched.
     *
     * @return whether the file is now at most {@code newSize} bytes
     * @throws IllegalArgumentException if {@code newSize} is negative or not a whole number of pages
     * @throws IllegalStateException if pages were marked dirty since the last commit
     * @throws FamsPoisonedException if an I/O error occurred
     */
    public boolean truncate(long newSize) {
        if (newSize < 0 || newSize % PAGE != 0) {
            throw new IllegalArgumentException("cannot truncate " + path + " to " + newSize
                    + " bytes: not a whole number of " + PAGE + "-byte pages");
        }
        lock.lock();
        try {
            requireUsable();
            requireWritable("truncate");
            if (newSize >= size) {
                return true;
            }
            if (marks.marked().length > 0) {
                throw new IllegalStateException("cannot truncate " + path + ": " + marks.marked().length
                        + " page(s) were written since the last commit; commit or roll back first");
            }
            if (protocol.versions().size() > 1) {
                return false;
            }
            try {
                if (redo != null && !checkpointAndDropCopies(true, false)) {
                    return false;
                }
                if (!truncation.tryExclude()) {
                    return false;
                }
                try {
                    if (!protocol.truncate(newSize)) {
                        return false;
                    }
                    Madvise.dontNeed(mapping, newSize, pageAlignedSize() - newSize);
                } finally {
                    truncation.admit();
                }
            } catch (StorageFullException e) {
                // Only the checkpoint before the cut writes data: the commits stay safe in the log.
                throw full("checkpoint before truncating", e, "the commits stay safe in the log, and the file"
                        + " usable; free space, then truncate again");
            } catch (IOException | RuntimeException e) {
                throw poison("truncating to " + newSize + " bytes", e);
            }
            size = newSize;
            released.forgetFrom(newSize / PAGE);
            lastCommitPages = Arrays.stream(lastCommitPages).filter(p -> p < newSize / PAGE).toArray();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records that {@code length} bytes at {@code offset} were (or will be) written before the next
     * commit. Thread-safe and cheap; needed for every write in {@link DirtyTracking#EXPLICIT} and
     * {@link DirtyTracking#CHECKED} mode. There a {@link CommitMode#REDO} commit compares only the
     * 64-byte lines of a page that marks covered: the marks must cover every byte written, not
     * only its page.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the segment
     */
    public void markDirty(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("markDirty(offset=" + offset + ", length=" + length
                    + ") outside the " + size + " bytes of " + path);
        }
        if (length > 0) {
            marks.markBytes(offset, length);
        }
    }

    /**
     * Makes every change since the last commit durable, atomically. Call it only when the data is
     * consistent; no thread may write the segment while it runs.
     *
     * @return the new commit number
     * @throws FamsUnmarkedWriteException in {@link DirtyTracking#CHECKED} mode, if a written page was not marked
     * @throws FamsFullException if the file system has no space for the commit: nothing was committed,
     *     the changes are kept, and a commit after space is freed (or a rollback) works
     * @throws FamsPoisonedException if an I/O error occurred, now or in an earlier commit
     */
    public long commit() {
        return commit(Durability.SYNC);
    }

    /**
     * Commits like {@link #commit()}; with {@link Durability#ASYNC} in {@link CommitMode#REDO}
     * it returns once the commit's frame is written, before it is synced: a background sync makes
     * it durable within {@link FamsOptions#asyncSyncDelay()} (an I/O error there poisons this
     * object, and the next call reports it). In {@link CommitMode#UNDO} every commit is synchronous.
     *
     * @return the new commit number
     */
    public long commit(Durability durability) {
        Objects.requireNonNull(durability, "durability");
        lock.lock();
        try {
            requireUsable();
            requireWritable("commit");
            CommitEvent event = new CommitEvent();
            event.begin();
            long start = System.nanoTime();
            IoCounters.Snapshot before = io.snapshot();
            long checkpointsBefore = checkpoints;
            long[] dirty = dirtyPages();
            PageSource source = new MappingSource(mapping);
            long[] lines = redo == null ? null : changedLines(dirty, source);
            long scanned = System.nanoTime();
            long n;
            try {
                if (redo == null) {
                    n = protocol.commit(dirty, source, size);
                } else {
                    n = redo.commit(dirty, lines, source, size, durability == Durability.SYNC);
                    // Nothing is written between commits' dirty-page scans and here: every page the
                    // checkpoint writes holds exactly its committed image in the mapping.
                    boolean checkpointed = redo.checkpointDue() && checkpointUnlessFull();
                    if (!checkpointed && durability == Durability.ASYNC) {
                        scheduleSync();
                    }
                }
            } catch (StorageFullException e) {
                throw full("commit " + (protocol.commitNumber() + 1), e);
            } catch (IOException | RuntimeException e) {
                throw poison("commit " + (protocol.commitNumber() + 1), e);
            }
            if (redo == null) {
                // The file now holds these pages: reading them from it again frees the private copies and
                // makes the pagemap report only later writes.
                dropPrivateCopies(dirty);
                lastCommitPages = dirty;
            }
            marks.clear();
            released.written(dirty);
            punchReleased(true);
            long end = System.nanoTime();
            commits++;
            pagesCommitted += dirty.length;
            lastCommitNanos = end - start;
            lastCommitTime = Instant.now();
            if (event.shouldCommit()) {
                IoCounters.Snapshot done = io.snapshot().since(before);
                event.path = path.toString();
                event.commitNumber = n;
                event.mode = redo == null ? CommitMode.UNDO.name() : CommitMode.REDO.name();
                event.durability = durability.name();
                event.pages = dirty.length;
                event.bytesLogged = done.logBytes();
                event.bytesWritten = done.dataBytes();
                event.syncs = done.syncs();
                event.scanTime = scanned - start;
                event.syncTime = done.syncNanos();
                event.writeTime = Math.max(0, end - scanned - done.syncNanos());
                if (checkpoints != checkpointsBefore) {
                    event.mode += " + checkpoint";
                }
                event.commit();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Declares that the committed bytes of the pages within {@code length} bytes at {@code offset}
     * are no longer needed: the file gives their disk blocks back to the file system (punches a
     * hole; they read as zeros afterwards) as soon as no recovery or rollback can need them any
     * more. In {@link CommitMode#UNDO} that is at once, except for pages the last commit wrote
     * (after the next commit) and, with {@link FamsOptions#retainVersions}, once the last commit
     * that still held them is no longer retained; in {@link CommitMode#REDO} after the next
     * checkpoint (one between commits while pages are marked written leaves them to the next
     * commit), which leaves the log without a frame that changes them (the holes are synced,
     * so a later frame's unchanged bytes can never come back as the old ones). A page written
     * before it is punched keeps its data. Call it only right after a commit or rollback, with
     * nothing written since: the private copies of punched pages are dropped. Partial pages at
     * either end are kept. Does nothing read-only or where the file system cannot punch holes.
     *
     * @throws FamsPoisonedException if punching or syncing failed in the write-ahead mode
     */
    public void release(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("release(offset=" + offset + ", length=" + length
                    + ") outside the " + size + " bytes of " + path);
        }
        lock.lock();
        try {
            requireUsable();
            if (options.readOnly() || releaseUnsupported != null) {
                return;
            }
            long first = (offset + PAGE - 1) / PAGE;
            long end = (offset + length) / PAGE;
            long after = protocol.commitNumber();
            long page = first;
            // Pages of the last undo commit wait one commit more (see lastCommitPages), which is sorted.
            int from = Arrays.binarySearch(lastCommitPages, first);
            for (int i = from < 0 ? -from - 1 : from; i < lastCommitPages.length && lastCommitPages[i] < end; i++) {
                long written = lastCommitPages[i];
                released.add(page, written - page, after);
                released.add(written, 1, after + 1);
                page = written + 1;
            }
            released.add(page, end - page, after);
            punchReleased(true);
        } finally {
            lock.unlock();
        }
    }

    /** Why {@link #release} gives nothing back here, or null if it does. */
    public String releaseUnsupported() {
        return releaseUnsupported;
    }

    /**
     * Whether the marks show that nothing was written since the last commit. A page released by a
     * commit may be written again before the next one, which is when a commit learns it; a hole
     * punched under it meanwhile would put zeros under the bytes the mapping shows. So between
     * commits pages are punched only while the marks are empty (with the pagemap there are no marks
     * to tell, and the next commit punches them).
     */
    private boolean nothingWrittenSinceCommit() {
        return (tracking == DirtyTracking.EXPLICIT || tracking == DirtyTracking.CHECKED) && marks.marked().length == 0;
    }

    /**
     * Punches the released pages that are now safe to punch; with {@code dropCopies} (nothing is
     * written since the last commit) also drops the mapping's private copies of them.
     */
    private void punchReleased(boolean dropCopies) {
        if (released.isEmpty() || options.readOnly()) {
            return;
        }
        long safe = redo != null ? checkpointedCommit : protocol.versions().getFirst();
        List<ReleasedPages.Run> due = released.due(safe);
        if (due.isEmpty()) {
            return;
        }
        try {
            boolean punched = false;
            for (ReleasedPages.Run run : due) {
                punched |= protocol.punch(run.first() * PAGE, run.pages() * PAGE);
            }
            if (punched && redo != null) {
                protocol.syncPunched();
            }
        } catch (UnsupportedOperationException e) {
            releaseUnsupported = e.getMessage();
            released.clear();
            return;
        } catch (IOException e) {
            throw poison("releasing " + due.size() + " page runs", e);
        }
        if (dropCopies && Madvise.available()) {
            long[] offsets = new long[due.size()];
            long[] lengths = new long[due.size()];
            int n = 0;
            for (ReleasedPages.Run run : due) {
                long at = run.first() * PAGE;
                if (at < pageAlignedSize()) {
                    offsets[n] = at;
                    lengths[n++] = Math.min(run.pages() * PAGE, pageAlignedSize() - at);
                }
            }
            Madvise.dontNeed(mapping, offsets, lengths, n);
        }
    }

    /** What this file has done since it was opened; see {@link FamsStatistics}. */
    public FamsStatistics statistics() {
        lock.lock();
        try {
            IoCounters.Snapshot now = io.snapshot();
            return new FamsStatistics(commits, pagesCommitted, now.logBytes(), now.dataBytes(), now.syncs(),
                    checkpoints, protocol.commitNumber(), lastCommitTime, lastCommitNanos);
        } finally {
            lock.unlock();
        }
    }

    private static void recorded(Path path, RecoveryReport report, boolean readOnly, IoCounters.Snapshot io) {
        RecoveryEvent event = new RecoveryEvent();
        if (event.shouldCommit()) {
            event.path = path.toString();
            event.outcome = report.outcome().name();
            event.commitNumber = report.commitNumber();
            event.detail = report.detail();
            event.readOnly = readOnly;
            event.bytesWritten = io.dataBytes();
            event.syncs = io.syncs();
            event.commit();
        }
    }

    /**
     * Runs a checkpoint of the write-ahead log, counted and recorded as a flight-recorder event:
     * waiting for read-only processes to close, or, without {@code waitForReaders}, only if none is
     * open.
     *
     * @return the images the checkpoint wrote, by page; null if readers kept it from running
     */
    private Map<Long, byte[]> runCheckpoint(boolean waitForReaders) throws IOException {
        CheckpointEvent event = new CheckpointEvent();
        event.begin();
        IoCounters.Snapshot before = io.snapshot();
        long logBytes = redo.logBytes();
        Map<Long, byte[]> written = waitForReaders ? redo.checkpoint() : redo.tryCheckpoint();
        if (written == null) {
            return null;
        }
        checkpoints++;
        checkpointedCommit = redo.commitNumber();
        if (event.shouldCommit()) {
            IoCounters.Snapshot done = io.snapshot().since(before);
            event.path = path.toString();
            event.commitNumber = redo.commitNumber();
            event.logBytes = logBytes;
            event.bytesWritten = done.dataBytes();
            event.syncs = done.syncs();
            event.syncTime = done.syncNanos();
            event.commit();
        }
        return written;
    }

    /**
     * Makes every {@link Durability#ASYNC} commit durable. Nothing to do in {@link CommitMode#UNDO}
     * or read-only.
     */
    public void sync() {
        lock.lock();
        try {
            requireUsable();
            if (redo == null || options.readOnly()) {
                return;
            }
            try {
                redo.sync();
            } catch (IOException | RuntimeException e) {
                throw poison("sync", e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link CommitMode#REDO}: writes the committed changes into the data file and restarts the
     * log (also done when the log passes {@link FamsOptions#checkpointThreshold()}, and at
     * {@link #close()}). Uncommitted writes are kept, and not written. No thread may write the
     * segment while it runs. Nothing to do in {@link CommitMode#UNDO} or read-only.
     *
     * <p>A checkpoint changes the data file that read-only opens map, so it first waits until every
     * read-only open of the file, in this process or another, has closed: a thread that holds one
     * open must close it first, or call {@link #tryCheckpoint()}.
     *
     * @throws FamsFullException if the file system has no space for it: the commits stay in the log,
     *     safe, and a later checkpoint writes them
     */
    public void checkpoint() {
        checkpoint(true);
    }

    /**
     * Checkpoints as {@link #checkpoint()} does, unless read-only opens of the file are open: then
     * it does nothing, and the commits stay in the log until a later checkpoint.
     *
     * @return whether it checkpointed (also true when there was nothing to do)
     * @throws FamsFullException as {@link #checkpoint()} does
     */
    public boolean tryCheckpoint() {
        return checkpoint(false);
    }

    private boolean checkpoint(boolean waitForReaders) {
        lock.lock();
        try {
            requireUsable();
            if (redo == null || options.readOnly()) {
                return true;
            }
            boolean done;
            try {
                done = checkpointAndDropCopies(false, waitForReaders);
            } catch (StorageFullException e) {
                throw full("checkpoint", e, "the commits stay safe in the log, and the file usable; free space,"
                        + " then checkpoint again (a commit tries too)");
            } catch (IOException | RuntimeException e) {
                throw poison("checkpoint", e);
            }
            if (nothingWrittenSinceCommit()) {
                punchReleased(false);
            }
            return done;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The checkpoint that a commit starts: the commit is durable in the log already, so a file
     * system without space for the checkpoint does not fail it; the checkpoint is tried again after
     * the next commit.
     *
     * @return whether it checkpointed
     */
    private boolean checkpointUnlessFull() throws IOException {
        try {
            return checkpointAndDropCopies(true, redo.checkpointOverdue());
        } catch (StorageFullException e) {
            return false;
        }
    }

    /**
     * Checkpoints, then lets the pages it wrote be read from the file again, freeing their private
     * copies: all of them right after a commit, else those the application has not written since.
     * Without {@code waitForReaders}, does nothing while read-only opens hold the reader lock.
     *
     * @return whether it checkpointed
     */
    private boolean checkpointAndDropCopies(boolean afterCommit, boolean waitForReaders) throws IOException {
        Map<Long, byte[]> written = runCheckpoint(waitForReaders);
        if (written == null) {
            return false;
        }
        if (!Madvise.available() || written.isEmpty()) {
            return true;
        }
        long[] pages = written.keySet().stream().mapToLong(Long::longValue).sorted()
                .filter(p -> afterCommit || samePage(p, written.get(p))).toArray();
        dropPrivateCopies(pages);
        return true;
    }

    private boolean samePage(long page, byte[] image) {
        long at = page * PAGE;
        int length = (int) Math.min(PAGE, size - at);
        return MemorySegment.mismatch(mapping, at, at + length, MemorySegment.ofArray(image), 0, length) < 0;
    }

    private void scheduleSync() {
        if (syncScheduled) {
            return;
        }
        syncScheduled = true;
        AsyncSync.SCHEDULER.schedule(this::backgroundSync, options.asyncSyncDelay().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void backgroundSync() {
        lock.lock();
        try {
            syncScheduled = false;
            if (closed || poison != null) {
                return;
            }
            try {
                redo.sync();
            } catch (IOException | RuntimeException e) {
                poison("background sync of asynchronous commits", e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** One daemon thread for the background syncs of every open file. */
    private static final class AsyncSync {
        static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fams-async-sync");
            t.setDaemon(true);
            return t;
        });
    }

    /** Discards every write since the last commit: the segment shows the last commit again. */
    public void rollback() {
        lock.lock();
        try {
            requireUsable();
            if (options.readOnly()) {
                return;
            }
            showCommitted();
            marks.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rolls the file back to retained commit {@code commitNumber} (one of {@link #versions()}),
     * discarding uncommitted writes and the later commits. Each intermediate step is durable, so a
     * crash leaves the file at a retained commit between the target and the current one.
     *
     * @throws IllegalArgumentException if the commit is not retained
     */
    public void rollbackTo(long commitNumber) {
        lock.lock();
        try {
            requireUsable();
            requireWritable("rollbackTo");
            // Pages free in the later commits may hold data again; the caller releases anew.
            released.clear();
            lastCommitPages = new long[0];
            if (redo != null) {
                redo.rollbackTo(commitNumber);
                showCommitted();
                marks.clear();
                return;
            }
            try {
                protocol.rollbackTo(commitNumber);
                // As long as at open, or that commit's size if larger; pages past it fault until grown again.
                long restored = Math.max(openedSize, protocol.committedSize());
                protocol.ensureSize(restored);
                Madvise.dontNeed(mapping, 0, pageAlignedSize());
                size = restored;
            } catch (IOException e) {
                throw poison("rollback to commit " + commitNumber, e);
            } finally {
                // Even a rollback that stopped at an intermediate commit changed the file under the mapping.
                Madvise.dontNeed(mapping, 0, pageAlignedSize());
                marks.clear();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The commit numbers this file can be rolled back to, ascending, ending with {@link #commitNumber()}. */
    public List<Long> versions() {
        lock.lock();
        try {
            requireOpen();
            return List.copyOf(protocol.versions());
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many pages {@link #markDirty} marked since the last commit or rollback: writes that
     * {@link #close()} would discard. Writes found only through the pagemap are not counted.
     */
    public int markedPages() {
        requireOpen();
        return marks.marked().length;
    }

    /**
     * Read-only, {@link CommitMode#REDO}: whether the writer waits for the read-only opens of this
     * file to close so that it can checkpoint (the log has passed {@value RedoProtocol#READER_DEFERRAL}
     * times {@link FamsOptions#checkpointThreshold()}, or the writer called {@link #checkpoint()}).
     * A reader that stays open long should check it between reads, and close and reopen when it
     * is true: the writer's next commit or checkpoint waits for it, and new read-only opens wait
     * behind the writer. False otherwise, and where there are no OFD locks.
     */
    public boolean checkpointWaiting() {
        requireOpen();
        return readerLock instanceof ReaderLock l && options.readOnly() && l.writerWaiting();
    }

    /**
     * Whether the segment shows one commit, unchanged, until this open closes: true for a
     * read-only open of a {@link CommitMode#REDO} file, whose reader lock keeps checkpoints, the
     * only writes to the data file, out while it is open. False for a writable open, for a
     * read-only open of an {@link CommitMode#UNDO} file (the writer's commits may show in pages
     * not yet read) and where there are no OFD locks.
     */
    public boolean viewFixed() {
        requireOpen();
        return options.readOnly() && readerLock instanceof ReaderLock && protocol instanceof RedoProtocol;
    }

    /**
     * The pages whose committed contents the segment shows but the data file may not hold yet (a
     * hole may even be there): in {@link CommitMode#REDO}, the pages committed since the last
     * checkpoint, or for a read-only open the pages it replayed from the log; ascending page
     * indices of 4096-byte pages. Code that skips the file's holes as zeros
     * must read these pages from the segment.
     */
    public long[] pagesAheadOfFile() {
        lock.lock();
        try {
            requireOpen();
            if (options.readOnly()) {
                return protocol.overlay().stream().mapToLong(img -> img.offset() / PAGE).distinct().sorted().toArray();
            }
            return redo == null ? new long[0] : redo.heldImages().keySet().stream().mapToLong(Long::longValue).toArray();
        } finally {
            lock.unlock();
        }
    }

    /** The number of the last commit; 0 for a file never committed. */
    public long commitNumber() {
        lock.lock();
        try {
            requireOpen();
            return protocol.commitNumber();
        } finally {
            lock.unlock();
        }
    }

    /** What recovery found and did when this file was opened. */
    public RecoveryReport recoveryReport() {
        return protocol.report();
    }

    public boolean readOnly() {
        return options.readOnly();
    }

    /** The dirty tracking in effect ({@link DirtyTracking#COMBINED} degrades to EXPLICIT without a pagemap). */
    public DirtyTracking dirtyTracking() {
        return tracking;
    }

    public Path path() {
        return path;
    }

    /**
     * Unmaps the file and releases the writer's lock. Does not commit: uncommitted writes are
     * lost. The segment must no longer be used.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            RuntimeException checkpointFailure = null;
            if (redo != null && !options.readOnly() && poison == null) {
                try {
                    // The pages the mapping holds privately are about to go: the data file takes them,
                    // unless readers are open; then the log keeps them, durably, for the next open.
                    if (runCheckpoint(false) == null) {
                        redo.sync();
                    } else {
                        punchReleased(false);
                        redo.shrinkLog();
                    }
                } catch (StorageFullException e) {
                    checkpointFailure = full("checkpoint at close", e, "the commits are safe in the log; free space,"
                            + " then open the file again, which checkpoints them");
                } catch (IOException | RuntimeException e) {
                    checkpointFailure = new FamsException("checkpoint at close of " + path + " failed (" + e
                            + "); the next open recovers the last commit from the log", e);
                }
            }
            closed = true;
            RuntimeException failure = closeAll(checkpointFailure, arena, protocol, pagemap, readerLock,
                    writerLock, logLock);
            if (checkpointFailure != null) {
                throw checkpointFailure;
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Makes the mapping show the last commit: every page reads the data file again, except, in the
     * write-ahead mode, those committed since the last checkpoint, which get their committed image.
     */
    private void showCommitted() {
        if (redo == null || redo.heldImages().isEmpty()) {
            Madvise.dontNeed(mapping, 0, pageAlignedSize());
            return;
        }
        Map<Long, byte[]> held = redo.heldImages();
        long pages = (size + PAGE - 1) / PAGE;
        long[] offsets = new long[held.size() + 1];
        long[] lengths = new long[held.size() + 1];
        int runs = 0;
        long from = 0;
        for (long page : held.keySet()) {
            if (page > from) {
                offsets[runs] = from * PAGE;
                lengths[runs++] = (page - from) * PAGE;
            }
            from = page + 1;
        }
        if (from < pages) {
            offsets[runs] = from * PAGE;
            lengths[runs++] = pageAlignedSize() - from * PAGE;
        }
        if (runs > 0) {
            Madvise.dontNeed(mapping, offsets, lengths, runs);
        }
        held.forEach((page, image) -> {
            long at = page * PAGE;
            MemorySegment.copy(MemorySegment.ofArray(image), 0, mapping, at, Math.min(PAGE, size - at));
        });
    }

    private long[] dirtyPages() {
        if (tracking == DirtyTracking.EXPLICIT) {
            return marks.marked();
        }
        long[] written;
        try {
            written = pagemap.writtenPages(mapping.asSlice(0, pageAlignedSize()));
        } catch (IOException e) {
            throw new FamsException("cannot read /proc/self/pagemap for " + path, e);
        }
        return switch (tracking) {
            case PAGEMAP -> written;
            case COMBINED -> union(written, marks.marked());
            case CHECKED -> {
                // In the write-ahead mode a page committed since the last checkpoint stays a private
                // copy, so the pagemap reports it as written until then: only a change since counts.
                List<Long> unmarked = Arrays.stream(written).filter(p -> !marks.isMarked(p))
                        .filter(p -> !unchangedSinceCommit(p)).map(p -> p * PAGE).boxed().toList();
                if (!unmarked.isEmpty()) {
                    throw new FamsUnmarkedWriteException(path.toString(), unmarked);
                }
                yield marks.marked();
            }
            case EXPLICIT -> throw new AssertionError();
        };
    }

    /** The mapping as a commit reads it: copies go straight from the segment, without a view. */
    private record MappingSource(MemorySegment mapping) implements PageSource {
        @Override
        public ByteBuffer bytes(long offset, int length) {
            return mapping.asSlice(offset, length).asByteBuffer();
        }

        @Override
        public void copy(long offset, byte[] target, int targetOffset, int length) {
            MemorySegment.copy(mapping, ValueLayout.JAVA_BYTE, offset, target, targetOffset, length);
        }
    }

    /**
     * Per page of {@code dirty}, the 64-byte lines a write-ahead commit compares with the page's
     * committed image: with marks alone ({@link DirtyTracking#EXPLICIT}, {@link
     * DirtyTracking#CHECKED}) the lines the marks covered; with the pagemap, which finds pages
     * written without a mark, every line. {@link DirtyTracking#CHECKED} checks that no other line
     * of a marked page changed.
     *
     * @throws FamsUnmarkedWriteException in {@link DirtyTracking#CHECKED} mode, naming the pages
     *     changed outside their marks
     */
    private long[] changedLines(long[] dirty, PageSource source) {
        long[] lines = new long[dirty.length];
        boolean marksAlone = tracking == DirtyTracking.EXPLICIT || tracking == DirtyTracking.CHECKED;
        List<Long> unmarked = new ArrayList<>();
        for (int i = 0; i < dirty.length; i++) {
            long marked = marksAlone ? marks.lines(dirty[i]) : 0;
            lines[i] = marked == 0 ? -1L : marked;
            if (tracking == DirtyTracking.CHECKED && marked != -1L) {
                try {
                    if (redo.changedOutside(dirty[i], marked, source, size)) {
                        unmarked.add(dirty[i] * PAGE);
                    }
                } catch (IOException e) {
                    throw new FamsException("cannot read " + path + " to check the marks of a commit", e);
                }
            }
        }
        if (!unmarked.isEmpty()) {
            throw new FamsUnmarkedWriteException(path.toString(), unmarked);
        }
        return lines;
    }

    /**
     * Whether page {@code page} holds exactly its committed bytes in the write-ahead mode: its
     * image committed since the last checkpoint, else the data file's. A page marked but rewritten
     * with the bytes it had is not logged, yet stays a private copy the pagemap reports.
     */
    private boolean unchangedSinceCommit(long page) {
        if (redo == null) {
            return false;
        }
        try {
            return samePage(page, redo.committedImage(page));
        } catch (IOException e) {
            throw new FamsException("cannot read page " + page + " of " + path, e);
        }
    }

    private void dropPrivateCopies(long[] pages) {
        if (!Madvise.available()) {
            return;
        }
        long[] offsets = new long[pages.length];
        long[] lengths = new long[pages.length];
        int runs = 0;
        int i = 0;
        while (i < pages.length) {
            int j = i + 1;
            while (j < pages.length && pages[j] == pages[j - 1] + 1) {
                j++;
            }
            long start = pages[i] * PAGE;
            offsets[runs] = start;
            lengths[runs++] = Math.min((pages[j - 1] + 1) * PAGE, pageAlignedSize()) - start;
            i = j;
        }
        Madvise.dontNeed(mapping, offsets, lengths, runs);
    }

    private long pageAlignedSize() {
        // The mapping covers whole pages; madvise takes them whole even where the file ends mid-page.
        return Math.min(mapping.byteSize(), (size + PAGE - 1) & -PAGE);
    }

    private static long[] union(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            long next = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            if (i < a.length && a[i] == next) {
                i++;
            }
            if (j < b.length && b[j] == next) {
                j++;
            }
            out[n++] = next;
        }
        return Arrays.copyOf(out, n);
    }

    /** A commit refused for space, which unlike {@link #poison} leaves this object usable. */
    private FamsFullException full(String what, StorageFullException cause) {
        return full(what, cause, "nothing of it counts: the file is still at commit " + protocol.commitNumber()
                + " and stays usable; free space, then commit again (the changes are kept) or roll back");
    }

    private FamsFullException full(String what, StorageFullException cause, String advice) {
        return new FamsFullException(what + " of " + path + " failed: " + cause.getMessage() + "; " + advice,
                cause.fileSystem(), cause.neededBytes(), cause.freeBytes(), cause);
    }

    private FamsPoisonedException poison(String what, Exception cause) {
        poison = cause;
        return new FamsPoisonedException(what + " of " + path + " failed (" + cause + "); the file's state on disk is"
                + " unknown until it is reopened, which recovers the last complete commit", cause);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
    }

    private void requireUsable() {
        requireOpen();
        Throwable p = poison;
        if (p != null) {
            throw new FamsPoisonedException(path + " is poisoned by an earlier I/O error (" + p
                    + "); close and reopen it to recover the last complete commit", p);
        }
    }

    private void requireWritable(String operation) {
        if (options.readOnly()) {
            throw new FamsException("cannot " + operation + ": " + path + " is open read-only");
        }
    }

    /** Closes each of {@code all} that is not null; failures are added to {@code primary}, or the first returned. */
    private static RuntimeException closeAll(Throwable primary, AutoCloseable... all) {
        RuntimeException failure = null;
        for (AutoCloseable c : all) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (failure == null) {
                    failure = new FamsException("error closing FAMS file", e);
                }
            }
        }
        return failure;
    }
}
