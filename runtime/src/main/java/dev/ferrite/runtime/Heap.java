package dev.ferrite.runtime;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.DirtyTracking;
import dev.ferrite.fams.Durability;
import dev.ferrite.fams.FamsDiskSpace;
import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.fams.FamsStatistics;
import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.OwnedCollections;
import dev.ferrite.runtime.compact.HeapCompactor;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.heap.FamsMemory;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.heap.HeapStatistics;
import dev.ferrite.runtime.heap.HeapFiles;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.Regions;
import dev.ferrite.runtime.heap.UnfinishedOperation;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.struct.StructType;
import dev.ferrite.runtime.verify.HeapWalk;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A persistent heap: records of {@code @PersistentStruct} types in a memory-mapped file that
 * survives restarts and crashes, made durable all at once by {@link #commit()}.
 *
 * <pre>{@code
 * try (Heap heap = Heap.open(Path.of("bank.heap"))) {
 *     Account a = heap.root("main", Account.class);   // created on first use
 *     Account b = heap.allocate(Account.class);
 *     a.referrer(b);
 *     heap.commit();                                   // all or nothing
 * }
 * }</pre>
 *
 * <h2>How the runtime is built</h2>
 * The heap file is a {@code FamsFile} (module {@code dev.ferrite.fams}): mapped privately once,
 * in an address range reserved for its bound ({@link HeapOptions.Builder#capacity}), so that it
 * grows in place and records never move, and written only through its log, so that after a
 * crash the heap is always exactly a commit. By default ({@link CommitMode#REDO}) a commit appends
 * the changed 64-byte lines to a write-ahead log ({@code F.fams-redo}) and syncs it once; the
 * committed pages stay in the mapping, with a copy of each on the Java heap, until a checkpoint
 * (past {@link HeapOptions.Builder#checkpointThreshold}, at {@link #checkpoint()} and at {@link
 * #close()}) writes them into the file. With {@link HeapOptions.Builder#retainVersions} the heap
 * uses {@link CommitMode#UNDO}: each commit logs the old pages, then writes the new ones into the
 * file, which then always holds the last commit, and the undo logs of earlier commits are kept.
 * {@link HeapOptions} says what each mode and durability level promises. Inside the file:
 * <ul>
 *   <li><b>Header</b> (page 0, package {@code memory}): magic, format version, page size,
 *       the regions the heap has grown to, its bound and where the metadata is, in two checksummed copies of which the newest valid
 *       one wins. A file that is not a heap, is damaged or has a newer format is refused at
 *       {@link #open} with a {@link CorruptHeapException} saying what and where.</li>
 *   <li><b>Page table and allocator</b> (package {@code alloc}): one 64-byte checksummed
 *       descriptor per page, those of each region together at its front (region 0's after the
 *       header). A heap starts at 1 MiB and grows by adding a region at the end of the file, in
 *       the commit that first needs it: a rollback or a crash before that commit forgets it. Small records come from
 *       one-page slabs of size-classed blocks with their bitmaps in the descriptors; large ones
 *       get runs of whole pages. So an allocation writes its block and one descriptor, a free
 *       only a descriptor: few pages per commit, the cost that FAMS charges. Free lists are
 *       rebuilt from the table at open; nothing is logged, since allocation and linking are
 *       committed together or not at all.</li>
 *   <li><b>Type catalog</b> (package {@code schema}): every struct type stored, with schema
 *       name, type id, version, size and fields, so tools can read a heap without the
 *       application's classes. The first use of a compiled type checks it against the catalog:
 *       a layout the compiled one cannot read throws {@link SchemaMigrationRequiredException},
 *       naming the type, both versions and why. A stored version newer than the compiled one is
 *       read and written in place when it only added fields inside the reserve (an older
 *       application after a rolled-back deploy): the older code leaves the newer fields' bytes
 *       alone, and the records it allocates are of its own version. A stored field that the
 *       compiled type neither has nor declares renamed ({@code @RenamedFrom}) or removed
 *       ({@code @RemovedField}) is never dropped silently: the exception names both fixes.</li>
 *   <li><b>Root table</b> (package {@code root}): named entry points, each the offset of a
 *       record.</li>
 *   <li><b>Records and strings</b>: every block starts with a {@link
 *       dev.ferrite.runtime.format.RecordHeader} holding its type id and version. References are
 *       offsets from the start of the file, so a heap maps at any address; a reference is
 *       checked against the page table and the record's type id when it is followed, and
 *       storing a reference to a freed record or to another heap's record is refused. Heap
 *       strings are UTF-8 blocks; replacing one frees the old one.</li>
 * </ul>
 * Generated flyweights read and write the mapping directly and report the bytes they write,
 * which is all a commit needs to find the changed pages. The allocator skips the file's holes when
 * it loads the page table, except for the pages the mapping holds ahead of the file (committed
 * since the last checkpoint, or replayed from the log by a read-only open).
 *
 * <h2>Threads and processes</h2>
 * <ul>
 *   <li><b>One writer thread at a time.</b> Calls that change the heap ({@code allocate},
 *       {@code free}, {@code root} creating a root, {@code removeRoot}, setters of records,
 *       {@code commit}, {@code rollback}) must come from one thread at a time; the heap's own
 *       metadata is guarded, but two threads writing records must be coordinated by the
 *       application.</li>
 *   <li><b>No writes during commit, checkpoint or rollback.</b> No thread may write records
 *       while {@link #commit()}, {@link #checkpoint()}, {@link #rollback()} or {@link
 *       #rollbackTo} runs.</li>
 *   <li><b>Readers.</b> Other threads may read records concurrently with each other and with
 *       the writer's reads while no thread writes. In the write-ahead mode (the default) they may
 *       also read while {@code commit()}, {@code commit(Durability)}, {@link #sync()} or {@link
 *       #checkpoint()} runs, including a checkpoint that a commit starts: these change no byte the
 *       mapping shows (a commit only reads it; a checkpoint writes the committed bytes into the
 *       file and only then lets the mapping read them from there). What still excludes readers:
 *       {@link #rollback()} and {@link #rollbackTo} in both modes (the mapping goes back to the
 *       file's pages before the newer committed images are laid over them), and {@code commit()}
 *       in the undo mode. Guard those with your own read/write lock (readers on the read side,
 *       writes and those calls on the write side). While no thread writes, any number of threads
 *       may share one {@link PersistentSortedMap} or {@link PersistentList} and read it (see
 *       their Javadoc); iterators are for one thread at a time.</li>
 *   <li><b>One writing process.</b> A second process that opens the heap for writing gets
 *       {@link HeapLockedException}. Any number of processes can open it with {@link
 *       HeapOptions.Builder#readOnly(boolean) readOnly(true)}: they see the last commit as of
 *       their open (the file plus, in the write-ahead mode, the commits its log holds), and pages
 *       they have not read yet may show what the writer writes into the file later (its commits
 *       in the undo mode, its checkpoints in the write-ahead mode), so a reader that needs one
 *       consistent snapshot must not overlap with those.</li>
 *   <li>Commit only when the application's invariants hold; checking them just before
 *       {@code commit()} is cheap and a failed check loses nothing.</li>
 * </ul>
 * No reference from the heap to ordinary Java memory, and no lock stored in the heap, survives
 * a restart: keep locks in ordinary memory.
 *
 * <p>After {@link #close()} every method throws {@link IllegalStateException}, and so do the
 * accessors of records obtained from the heap, with a message naming it. A reference or flyweight
 * followed after its record was freed, or after the commit that allocated it was rolled back,
 * throws {@link IllegalStateException} where the heap can tell ("use after free"): mistakes of
 * the program are never reported as {@link CorruptHeapException}, which means a damaged file.
 *
 * <h2>A full disk</h2>
 * A file system without space (or a user over quota) is an ordinary error, {@link
 * DiskFullException} (a {@link HeapFullException}), whose message names the file system, the
 * bytes needed and the bytes free. The heap file stays at its last commit and this object stays
 * usable in the same process, without reopening:
 * <ul>
 *   <li>a refused {@link #commit()} committed nothing and kept the changes: free space, then
 *       commit again, or {@link #rollback()} and go on committing;</li>
 *   <li>a refused checkpoint (at {@link #checkpoint()}, or one a commit starts) loses nothing: the
 *       commits are durable in the write-ahead log, a commit whose checkpoint is refused still
 *       returns, and the checkpoint is tried again after the next commit;</li>
 *   <li>on a full {@code tmpfs} the first touch of a new page of the mapping (an {@code allocate}
 *       or a collection growing) faults; the operation is then partly done: {@link #rollback()}
 *       before committing again (a commit until then throws {@link RollbackRequiredException}).</li>
 * </ul>
 * A failed {@code fsync} is not that: {@link HeapIoException}, after which the heap must be
 * closed and reopened, since the kernel may have dropped what was written.
 *
 * <p>Unset {@code String} fields read their storage's zero: {@code null} for a heap string,
 * which may be set to {@code null}, and {@code ""} for a {@code @FixedString}, which cannot hold
 * {@code null} (its setter throws {@link NullPointerException} saying to store {@code ""}).
 */
public final class Heap implements AutoCloseable {
    private final Path path;
    private final FamsFile file;
    private final HeapCore core;
    private volatile boolean closed;
    /**
     * Whether the file reaches past the heap's last region (a compaction dropped regions) and is to
     * be cut there: tried after the compaction, at open, after each commit and at close, and put
     * off while read-only opens map the file.
     */
    private boolean cutPending;

    private Heap(Path path, FamsFile file, HeapCore core) {
        this.path = path;
        this.file = file;
        this.core = core;
    }

    /**
     * Opens the heap at {@code path} for writing with the default options, creating it if
     * absent.
     *
     * @throws CorruptHeapException if the file is not a Ferrite heap or is damaged
     * @throws UnsupportedHeapFormatException if a newer Ferrite wrote it
     * @throws HeapLockedException if another process has it open for writing
     */
    public static Heap open(Path path) {
        return open(path, HeapOptions.defaults());
    }

    /**
     * Opens the heap at {@code path}, creating it (1 MiB, growing as records need, up to {@link
     * HeapOptions#capacity()} if one is given) if it is absent and the options allow writing. A
     * capacity given for an existing heap becomes its bound, committed at once. Opening reads the
     * header and the page table of the pages in use, not the records, so it costs what the heap
     * holds, never its bound.
     *
     * @throws CorruptHeapException if the file is not a Ferrite heap or is damaged
     * @throws UnsupportedHeapFormatException if a newer Ferrite wrote it
     * @throws HeapLockedException if another process has it open for writing
     * @throws HeapIoException if the file cannot be read or created
     * @throws SchemaMigrationRequiredException if a stored struct type whose interface is on the
     *     class path under its schema name has a layout the compiled one cannot read as it is
     * @throws FerriteException if a read-only heap does not exist or the file cannot be opened
     */
    public static Heap open(Path path, HeapOptions options) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(options, "options");
        if (Files.notExists(path)) {
            if (options.readOnly()) {
                throw new FerriteException(path + ": no heap to open read-only");
            }
            createHeapFile(path, options.capacity());
        }
        HeapFiles.checkIsHeap(path);
        FamsFile file = openFile(path, options);
        try {
            HeapCore core = HeapCore.load(new FamsMemory(file), path.toString(), !options.readOnly());
            core.freeCollectionsWith(OwnedCollections::free);
            checkVisibleTypes(core);
            if (!options.readOnly() && options.capacityGiven()) {
                long stored = core.bound();
                if (core.bound(options.capacity()) != stored) {
                    // The new bound is what the caller asked for, not a change to roll back: its own commit.
                    file.commit();
                }
            }
            Heap heap = new Heap(path, file, core);
            if (!options.readOnly()) {
                // Pages freed by commits whose process stopped before giving their space back.
                heap.releaseFreePages(true);
                // Regions a compaction dropped, if its process stopped before it cut the file.
                heap.cutPending = file.size() > core.size();
                heap.cutFile();
            }
            return heap;
        } catch (RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    /**
     * Checks every stored type whose interface the application can load by its schema name (the
     * default name is the interface's qualified name), so that a heap needing a migration is
     * refused when it is opened rather than when the type is first used. Types stored under a
     * custom {@code name}, or not on the class path, are checked at first use.
     */
    private static void checkVisibleTypes(HeapCore core) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (TypeEntry stored : core.types()) {
            StructType<?> compiled = compiledType(stored.schemaName(), loader);
            if (compiled != null && compiled.typeId() == stored.typeId()) {
                core.checkType(compiled);
            }
        }
    }

    private static StructType<?> compiledType(String schemaName, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(schemaName, false, loader);
            return type.isInterface() ? StructType.of(type) : null;
        } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
            // Not the application's interface, or one without a flyweight: nothing to check here.
            return null;
        }
    }

    /**
     * Creates an empty heap file of {@link HeapOptions#INITIAL_SIZE} bytes (less if the bound is
     * smaller), whole or not at all, unless another process created one first.
     */
    private static void createHeapFile(Path path, long bound) {
        long size = Math.min(HeapOptions.INITIAL_SIZE, bound);
        try {
            FamsFile.create(path, ByteBuffer.wrap(HeapHeader.create(size, bound).toPage()), size);
        } catch (FamsException e) {
            throw Failures.of(path, "create the heap", e);
        }
    }

    /**
     * The address space to map the heap in, so that it grows in place: its bound (the one asked
     * for, else the stored one), or {@link HeapOptions#DEFAULT_RESERVATION} without a bound.
     */
    private static long reservation(Path path, HeapOptions options) {
        long bound = options.capacityGiven() ? options.capacity() : HeapFiles.storedBound(path);
        return bound == HeapHeader.UNBOUNDED ? HeapOptions.DEFAULT_RESERVATION : bound;
    }

    private static FamsFile openFile(Path path, HeapOptions options) {
        long reservation = options.readOnly() ? 0 : reservation(path, options);
        FamsFile file = openFile(path, options, reservation);
        if (!options.capacityGiven() && !options.readOnly()) {
            // The bound read before opening is the data file's; a raise committed to the
            // write-ahead log but not yet checkpointed shows only now, after recovery.
            long bound = HeapHeader.peekBound(file.segment());
            long needed = bound == HeapHeader.UNBOUNDED ? HeapOptions.DEFAULT_RESERVATION : bound;
            if (needed > reservation) {
                file.close();
                file = openFile(path, options, needed);
            }
        }
        return file;
    }

    private static FamsFile openFile(Path path, HeapOptions options, long reservation) {
        FamsOptions famsOptions = FamsOptions.builder()
                .reserve(reservation)
                .readOnly(options.readOnly())
                .dirtyTracking(options.checkDirtyMarks() ? DirtyTracking.CHECKED : DirtyTracking.EXPLICIT)
                .retainVersions(options.retainVersions())
                .commitMode(options.commitMode())
                .checkpointThreshold(options.checkpointThreshold())
                .asyncSyncDelay(options.asyncSyncDelay())
                .build();
        try {
            return FamsFile.open(path, famsOptions);
        } catch (FamsException e) {
            throw Failures.of(path, "open heap", e);
        }
    }

    /**
     * The root called {@code name}, a record of {@code type}; created (zeroed) on first use.
     *
     * @throws IllegalArgumentException if the root holds a record of another type; the message
     *     names both types
     * @throws IllegalStateException if the root is absent and the heap is read-only
     * @throws SchemaMigrationRequiredException if the compiled {@code type} cannot read the heap's
     *     version of it as it is (see the class documentation)
     */
    public <T> T root(String name, Class<T> type) {
        checkOpen();
        Objects.requireNonNull(name, "name");
        StructType<T> structType = StructType.of(type);
        if (!core.writable()) {
            return core.root(name, structType, false).orElseThrow(() -> new IllegalStateException(
                    path + " has no root \"" + name + "\" and is open read-only"));
        }
        return core.root(name, structType, true).orElseThrow();
    }

    /**
     * The root called {@code name} as a record of {@code type}, or empty if there is none.
     *
     * @throws IllegalArgumentException if the root holds a record of another type
     */
    public <T> Optional<T> findRoot(String name, Class<T> type) {
        checkOpen();
        Objects.requireNonNull(name, "name");
        return core.root(name, StructType.of(type), false);
    }

    /** The names of the roots, sorted; the set does not change with the heap. */
    public Set<String> rootNames() {
        checkOpen();
        return core.rootNames();
    }

    /**
     * Removes the root called {@code name}, if there is one. The record it named stays
     * allocated; {@link #free} it if nothing else refers to it.
     */
    public void removeRoot(String name) {
        checkOpen();
        Objects.requireNonNull(name, "name");
        core.setRoot(name, 0);
    }

    /**
     * Allocates a zeroed record of {@code type} and returns a flyweight over it.
     *
     * @throws HeapFullException if the heap cannot grow past its bound (the message says how much
     *     was asked, how much is left and what to do), or the file system under the mapping has no
     *     room for a page it touches (then only {@link #rollback()} allows a commit)
     * @throws SchemaMigrationRequiredException if the compiled {@code type} cannot read the heap's
     *     version of it as it is (see the class documentation)
     */
    public <T> T allocate(Class<T> type) {
        checkOpen();
        return core.allocate(StructType.of(type));
    }

    /**
     * Frees a record of this heap, the heap strings its {@code String} fields hold and the
     * collections of its collection fields (with their owned values). Records it refers to are
     * not freed. Using the record afterwards, through any flyweight over it or any reference to
     * it, throws {@link IllegalStateException}, even once its block holds a new record: each
     * record has a generation that flyweights and references carry (see the README, "What is
     * checked at run time").
     *
     * @throws IllegalArgumentException if {@code struct} is not a record of this heap, or is a root
     * @throws IllegalStateException if it was freed already: a flyweight that outlived its record
     *     never frees the record that took its place
     */
    public void free(Object struct) {
        checkOpen();
        core.freeRecord(struct);
    }

    /**
     * Makes everything written since the last commit durable, atomically: after a crash at any
     * instant, the heap holds either all of it or none of it. Call it when the application's
     * invariants hold; no thread may write the heap while it runs, and in the undo mode none may
     * read it either (see "Threads and processes" above).
     *
     * <p>An operation of the heap or of its collections that threw after it had begun to change
     * the heap (a memory fault on a full file system, a damaged block found halfway) leaves part of
     * its changes behind; the heap then refuses to commit until {@link #rollback()}.
     *
     * @return the new commit number
     * @throws RollbackRequiredException if an operation since the last commit or rollback failed
     *     midway; the message names it
     * @throws DiskFullException if the file system had no space for the commit: nothing was
     *     committed, the heap still shows the changes, and after space is freed a commit (or a
     *     {@link #rollback()}) works, without reopening
     * @throws HeapIoException if an I/O error made the commit fail; the heap must then be closed
     *     and reopened, which recovers the last complete commit
     * @throws UnmarkedWriteException with {@code checkDirtyMarks}, if a written page was not reported
     */
    public long commit() {
        return commit(Durability.SYNC);
    }

    /**
     * Commits like {@link #commit()}, at the durability asked for. {@link Durability#SYNC} is
     * {@link #commit()}: durable when it returns. {@link Durability#ASYNC} is atomic at once and
     * durable within {@link HeapOptions.Builder#asyncSyncDelay} in the write-ahead mode: a crash
     * loses at most the asynchronous commits of that window, newest first, never a part of one
     * and never one made before a durable commit; {@link #sync()} makes them durable now. In the
     * undo mode every commit is synchronous.
     *
     * @return the new commit number
     * @throws RollbackRequiredException if an operation since the last commit or rollback failed
     *     midway; the message names it
     * @throws DiskFullException if the file system had no space for the commit (see {@link #commit()})
     * @throws HeapIoException if an I/O error made the commit fail; the heap must then be closed
     *     and reopened, which recovers the last complete commit
     */
    public long commit(Durability durability) {
        Objects.requireNonNull(durability, "durability");
        checkOpen();
        checkWritable();
        UnfinishedOperation unfinished = core.unfinished();
        if (unfinished != null) {
            throw new RollbackRequiredException("cannot commit " + path + ": " + unfinished.describe(),
                    unfinished.failure());
        }
        long n;
        try {
            n = file.commit(durability);
        } catch (FamsException e) {
            throw Failures.of(path, "commit", e);
        }
        releaseFreePages(false);
        cutFile();
        return n;
    }

    /**
     * Cuts the file at the end of the heap's last region if a compaction dropped regions after it:
     * unless read-only opens map the file (then later), and only while nothing is written since the
     * last commit.
     */
    private void cutFile() {
        if (!cutPending) {
            return;
        }
        try {
            cutPending = !file.truncate(core.size());
        } catch (FamsException e) {
            throw Failures.of(path, "cut the regions a compaction emptied off", e);
        }
    }

    /**
     * Gives the disk space of free pages back to the file system once the file allows (see
     * {@link FamsFile#release}): those freed since the last call, or all of them.
     */
    private void releaseFreePages(boolean all) {
        try {
            for (long[] run : core.takeFreedRuns(all)) {
                file.release(run[0], run[1]);
            }
        } catch (FamsException e) {
            throw Failures.of(path, "give the space of free pages back from", e);
        }
    }

    /**
     * Makes every commit made so far durable, including {@link Durability#ASYNC} ones. Nothing to
     * do when every commit was synchronous or the heap is read-only.
     *
     * @throws HeapIoException if the sync failed; the heap must then be closed and reopened
     */
    public void sync() {
        checkOpen();
        try {
            file.sync();
        } catch (FamsException e) {
            throw Failures.of(path, "sync", e);
        }
    }

    /**
     * Writes every committed change into the heap file and restarts its write-ahead log, which
     * otherwise happens when the log passes its size threshold and at {@link #close()}.
     * Uncommitted changes are kept, not written. Nothing to do in undo mode or read-only.
     *
     * <p>The heap file is what read-only opens map, so a checkpoint first waits until every
     * read-only open of the heap, in this process or another, has closed: a thread holding one
     * must close it first. (Checkpoints that commits start are put off while readers are open,
     * until the log reaches four times its threshold; past that they wait too.)
     *
     * @throws DiskFullException if the file system had no space for it: the commits stay safe in
     *     the log and the heap usable; a later checkpoint writes them
     * @throws HeapIoException if a write or sync failed; the heap must then be closed and reopened
     */
    public void checkpoint() {
        checkOpen();
        try {
            file.checkpoint();
        } catch (FamsException e) {
            throw Failures.of(path, "checkpoint", e);
        }
    }

    /**
     * Discards everything written since the last commit; the heap shows the last commit again
     * (in the write-ahead mode including pages committed but not yet checkpointed), and commits
     * work again after an operation failed midway. No thread may read or write the heap while it
     * runs.
     */
    public void rollback() {
        checkOpen();
        checkWritable();
        try {
            file.rollback();
        } catch (FamsException e) {
            throw Failures.of(path, "roll back", e);
        }
        core.reload();
    }

    /**
     * Rolls the heap back to an earlier commit, one of {@link #versions()}, discarding what was
     * written since the last commit and every later commit.
     *
     * @throws IllegalArgumentException if that commit is not retained
     */
    public void rollbackTo(long commit) {
        checkOpen();
        checkWritable();
        try {
            file.rollbackTo(commit);
        } catch (FamsException e) {
            throw Failures.of(path, "roll back to commit " + commit + " of", e);
        }
        core.reload();
        releaseFreePages(true);
    }

    /**
     * The commit numbers the heap can be rolled back to, ascending, ending with the last
     * commit; only the last one unless {@link HeapOptions.Builder#retainVersions} keeps more
     * (which selects the undo mode).
     */
    public List<Long> versions() {
        checkOpen();
        return file.versions();
    }

    /**
     * What this heap object has done since it was opened: commits, pages per commit, bytes logged
     * and written, syncs, checkpoints and the last commit's time, for an application to export to
     * its own metrics. Cheap: it reads counters, not the heap. The same steps are recorded, commit
     * by commit, as JDK Flight Recorder events ({@code dev.ferrite.fams.Commit}, {@code
     * dev.ferrite.fams.Checkpoint}, {@code dev.ferrite.fams.Recovery}, {@code
     * dev.ferrite.runtime.Migration}) when a recording enables them.
     */
    public FamsStatistics statistics() {
        checkOpen();
        return file.statistics();
    }

    /** Space, roots and stored types with their record counts; reads every block's header. */
    public HeapInfo info() {
        checkOpen();
        HeapStatistics statistics = core.statistics();
        List<HeapInfo.StoredType> types = new ArrayList<>();
        for (TypeEntry type : core.types()) {
            types.add(new HeapInfo.StoredType(type.schemaName(), type.typeId(), type.version(), type.size(),
                    type.fields(), statistics.blocksPerType().getOrDefault(type.typeId(), 0L)));
        }
        return new HeapInfo(path, statistics.bound(), statistics.size(), statistics.extent(), statistics.allocatedBytes(),
                statistics.allocatedBlocks(), core.rootNames(), types);
    }

    /**
     * The file's logical size, the disk it and its logs use, and its live and free bytes. Reads the
     * file system's block counts, not the heap.
     *
     * @throws HeapIoException if the file cannot be examined
     */
    public HeapSpace space() {
        checkOpen();
        FamsDiskSpace disk;
        try {
            disk = FamsDiskSpace.of(path);
        } catch (FamsException e) {
            throw Failures.of(path, "measure", e);
        }
        long extent = core.extent();
        long live = core.allocatedBytes();
        return new HeapSpace(disk.size(), disk.fileDisk(), disk.logDisk(), extent, live,
                core.regions().dataBytesBelow(extent) - live, core.freePageBytes());
    }

    /**
     * Compacts the heap: packs the entries of every sorted map into as few leaves as hold them
     * (deletes leave leaves partly empty), moves the blocks at the end of the file into the free
     * space below them, filling the free slots of partly used pages, points every reference
     * (fields, arrays, roots, collections, their keys and values, heap strings) at the moved
     * blocks, lowers the end of the used pages and commits, all at once: after a crash at any instant the heap is either as it
     * was or compacted. Then gives the disk space above the new end back to the file system (at
     * once in the undo mode, at the checkpoint this runs in the write-ahead mode), and cuts the file
     * after the last region that still holds a record: the regions above are dropped from the
     * header in the compaction's commit, and the file is cut once that commit is durable. While
     * read-only opens map the file the cut waits (their reads past the new end would fault): it is
     * tried again after each commit, at close and at the next writable open. A crash before the cut
     * leaves a file longer than its heap, which opens as usual and is cut then.
     *
     * <p>Records, maps and lists obtained before the compaction must not be used afterwards: their
     * blocks may have moved. Look them up again from their roots. The heap is checked as by
     * {@link #verify()} first, since a compaction of a damaged heap would spread the damage; it
     * costs time in proportion to the heap's size.
     *
     * @throws IllegalStateException if the heap is read-only, has changes not yet committed, or has
     *     problems {@link #verify()} reports (nothing is changed then)
     * @throws HeapIoException if the commit failed; the heap must then be closed and reopened
     */
    public CompactionReport compact() {
        return compact((done, total) -> { });
    }

    /**
     * Compacts the heap as {@link #compact()} does, reporting its progress to {@code progress}.
     *
     * @throws IllegalStateException if the heap is read-only, has changes not yet committed, or has
     *     problems {@link #verify()} reports (nothing is changed then)
     * @throws HeapIoException if the commit failed; the heap must then be closed and reopened
     */
    public CompactionReport compact(CompactionReport.Progress progress) {
        Objects.requireNonNull(progress, "progress");
        checkOpen();
        checkWritable();
        if (file.markedPages() > 0 || core.unfinished() != null) {
            throw new IllegalStateException(path + " has changes that are not committed: commit or roll back before"
                    + " compacting");
        }
        long sizeBefore = file.size();
        HeapCompactor.Result result;
        try {
            result = new HeapCompactor(core, path, progress::update).run();
            file.commit(Durability.SYNC);
        } catch (RuntimeException | Error e) {
            try {
                file.rollback();
                core.reload();
            } catch (RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof FamsException fams) {
                throw Failures.of(path, "commit the compaction of", fams);
            }
            throw e;
        }
        // The slabs the compaction emptied below the new end, given back like any freed page.
        releaseFreePages(false);
        try {
            // Above the new top in the last region kept: its pages and their descriptors; and the
            // free pages below. The regions dropped go with the file's end.
            releaseFreePages(true);
            // The pages the compaction wrote last are given back one commit later in the undo mode,
            // and at a checkpoint in the write-ahead mode: now, unless read-only opens keep it
            // out (a later one gives them back; waiting here would never end for a reader this
            // thread holds).
            file.commit(Durability.SYNC);
            file.tryCheckpoint();
        } catch (FamsException e) {
            throw Failures.of(path, "give back the space freed by compacting", e);
        }
        cutPending = file.size() > core.size();
        cutFile();
        return new CompactionReport(path, false, result.blocksMoved(), result.bytesMoved(),
                result.referencesRewritten(), result.extentBefore(), result.extentAfter(), sizeBefore, file.size(),
                result.mapNodesFreed() * NodeFormat.NODE_SIZE);
    }

    /**
     * What {@link #compact()} would do, changing nothing: the blocks it would move and how far it
     * would lower the end of the used pages, leaving out the packing of maps' leaves (a compaction
     * may then move fewer blocks and gain more), and apart from those the bytes of map nodes that
     * packing would free ({@link CompactionReport#mapNodeBytes()}). Checks the heap as {@link
     * #verify()} does.
     *
     * @throws IllegalStateException if the heap has problems {@link #verify()} reports
     */
    public CompactionReport planCompaction() {
        checkOpen();
        HeapCompactor.Result plan = new HeapCompactor(core, path, (done, total) -> { }).plan();
        Regions regions = core.regions();
        long sizeAfter = regions.end(regions.countHolding(plan.extentAfter()) - 1);
        return new CompactionReport(path, true, plan.blocksMoved(), plan.bytesMoved(), 0, plan.extentBefore(),
                plan.extentAfter(), file.size(), Math.min(file.size(), sizeAfter),
                plan.mapNodesFreed() * NodeFormat.NODE_SIZE);
    }

    /**
     * Checks the whole heap, as {@link HeapVerifier} does a heap file: beyond what {@link #open}
     * checks (header, page table, catalog, roots), both header copies, that blocks do not overlap,
     * every record of a stored type (size, version, references, strings, enum codes, booleans,
     * fixed strings), every heap string, the structure and stored counts of every sorted map and
     * list, and that every allocated block is reachable from a root. Reads every allocated block,
     * so it costs time in proportion to the heap's size.
     *
     * @return the problems found, each saying what and where; empty when the heap is sound
     */
    public List<String> verify() {
        checkOpen();
        return new HeapWalk(core, path, (done, total) -> { }).run().problems().stream()
                .map(problem -> path + ": " + problem.message())
                .toList();
    }

    /**
     * Calls {@code action} with every record of every stored struct type, in address order, as
     * the heap stores it: for tools that read a heap without the application's classes.
     */
    public void forEachRecord(Consumer<StoredRecord> action) {
        checkOpen();
        MemorySegment segment = core.segment().asReadOnly();
        core.forEachRecord((type, offset) -> action.accept(new StoredRecord(offset, type.schemaName(),
                RecordHeader.version(segment, offset), type.fields(), segment.asSlice(offset, type.size()))));
    }

    /**
     * The heap string at {@code reference}, the value of a {@code STRING} field of a {@link
     * StoredRecord}; {@code null} for 0.
     *
     * @throws CorruptHeapException if no valid string is stored there
     */
    public String readString(long reference) {
        checkOpen();
        return core.readString(reference);
    }

    /** The heap as the runtime's collections see it: raw blocks, the root table and the store. */
    BlockHeap blocks() {
        checkOpen();
        return core;
    }

    /** The heap's internals, for the verifier and other tools in this package. */
    HeapCore core() {
        checkOpen();
        return core;
    }

    /**
     * Closes the heap without committing: what was written since the last commit is lost, and a
     * warning naming the heap and the number of changed pages goes to the {@code System.Logger}
     * named after this class (none after a commit or rollback).
     *
     * @throws DiskFullException if the file system had no space for the checkpoint at close (the
     *     write-ahead mode); the heap is closed all the same, its commits are safe in the log, and
     *     the next writable open checkpoints them, for which it needs that space
     * @throws HeapIoException if closing failed otherwise; the next open recovers the last commit
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            warnOfUncommittedChanges();
            try {
                if (cutPending && file.markedPages() == 0 && core.unfinished() == null) {
                    cutFile();
                }
            } catch (RuntimeException e) {
                file.close();
                throw e;
            }
            try {
                file.close();
            } catch (FamsException e) {
                throw Failures.of(path, "close", e);
            }
        }
    }

    /** A forgotten {@code commit()} loses data silently otherwise: say so where the application logs. */
    private void warnOfUncommittedChanges() {
        if (!core.writable()) {
            return;
        }
        int pages = file.markedPages();
        if (pages > 0) {
            System.getLogger(Heap.class.getName()).log(System.Logger.Level.WARNING, "{0} closed with {1} changed"
                    + " page(s) not committed; the changes are discarded (call commit() before close() to keep"
                    + " them, or rollback() to discard them without this warning)", path, pages);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("heap " + path + " is closed");
        }
    }

    private void checkWritable() {
        if (!core.writable()) {
            throw new IllegalStateException(path + " is open read-only");
        }
    }

    @Override
    public String toString() {
        return "Heap[" + path + (core.writable() ? "" : ", read-only") + (closed ? ", closed" : "") + "]";
    }
}
