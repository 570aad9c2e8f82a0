package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.alloc.Allocator;
import dev.ferrite.runtime.alloc.CompactionPlan;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.format.Reference;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.HeapLayout;
import dev.ferrite.runtime.memory.Regions;
import dev.ferrite.runtime.memory.SegmentStore;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.FreeCounter;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongUnaryOperator;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;

/**
 * The heap inside its memory, and the {@link dev.ferrite.runtime.struct.StructStore} that
 * generated flyweights call. It ties the parts together, each in its own class: the {@link
 * HeapHeader}, the {@link Allocator}, the {@link Catalog} of stored types, the {@link RootTable},
 * the {@link HeapStrings}, and the {@link UnfinishedOperations} of operations that stopped midway. Knows
 * nothing of files or commits; {@code Heap} puts it on a FAMS mapping, tests on plain memory.
 *
 * <p>State that lives in the file is the truth: the parts are loaded again by {@link #reload()}
 * after a rollback. Mutating calls synchronize on this object; reads of records do not.
 */
public final class HeapCore implements BlockHeap {
    /** Type id of heap strings; derived like those of structs, so it cannot collide unseen. */
    public static final int STRING_TYPE = HeapStrings.TYPE;
    /** Generations reserved in the header at a time: one header write per this many allocations. */
    private static final long GENERATION_BATCH = 4096;
    /** The most maps whose freed strings are counted at once. */
    private static final int COUNTED_MAPS = 4096;

    private final SegmentStore memory;
    private final MemorySegment segment;
    private final String source;
    private final boolean writable;
    private final UnfinishedOperations unfinished;
    /**
     * Per sorted map (its header's offset), the strings it owned as values and freed since it last
     * packed them; in memory only, so a reopen or rollback starts the counts anew.
     */
    private final Map<Long, Long> freedValueStrings = new HashMap<>();
    // Volatile so that reader threads, which take no lock, see a whole state after a reload.
    private volatile HeapHeader header;
    private volatile Allocator allocator;
    private volatile Catalog catalog;
    private volatile RootTable roots;
    private volatile RecordCheck records;
    private volatile HeapStrings strings;
    /**
     * Counts the generations handed out, never going back, not even on a rollback: flyweights of
     * records rolled back must not match records allocated after. Guarded by this object.
     */
    private long generations;
    /**
     * Counts frees, rollbacks and moves of blocks, so that flyweights need not read their record's
     * header while nothing was freed (see {@link FreeCounter}). A read-only heap counts only if its
     * file's view is fixed (a write-ahead file, whose checkpoints wait for it to close), where the
     * count stays 0; otherwise the writer's commits may land in its view, so its flyweights always
     * read the header.
     */
    private final FreeCounter frees;
    private volatile CollectionFreer collections = (heap, handle) -> {
        throw new IllegalStateException("cannot free the collection at offset " + handle
                + " that a record owns: this heap was opened without its collections");
    };

    private HeapCore(SegmentStore memory, String source, boolean writable) {
        this.memory = memory;
        this.segment = memory.segment();
        this.source = source;
        this.writable = writable;
        this.unfinished = new UnfinishedOperations(source);
        // A read-only heap whose file shows one commit until it closes sees nothing freed: its
        // counter never moves, and its flyweights skip the header read like a writable heap's.
        this.frees = writable || memory.fixed() ? FreeCounter.create() : FreeCounter.uncounted();
    }

    /**
     * Loads the heap in {@code memory}, checking the header, every page descriptor in use, the
     * catalog and the root table.
     *
     * @param source names the heap in messages (its path)
     * @throws CorruptHeapException saying what is damaged and where
     */
    public static HeapCore load(SegmentStore memory, String source, boolean writable) {
        HeapCore core = new HeapCore(memory, source, writable);
        core.reload();
        return core;
    }

    /** Writes the header of an empty heap filling all of {@code memory}, then loads it. */
    public static HeapCore format(SegmentStore memory, String source) {
        long capacity = memory.segment().byteSize() & -HeapLayout.PAGE_SIZE;
        HeapHeader.empty(capacity).write(memory);
        return load(memory, source, true);
    }

    /**
     * Writes the header of an empty heap of {@code size} bytes at the start of {@code memory},
     * which it may grow into up to {@code bound} bytes, then loads it.
     */
    public static HeapCore format(SegmentStore memory, String source, long size, long bound) {
        HeapHeader.create(size, bound).write(memory);
        return load(memory, source, true);
    }

    /** Re-reads all state from memory, as after a rollback. */
    public synchronized void reload() {
        HeapHeader loadedHeader = HeapHeader.read(segment, memory.size(), source);
        Allocator loadedAllocator = Allocator.load(memory, loadedHeader, source);
        Catalog loadedCatalog = Catalog.load(memory, loadedAllocator, loadedHeader, source);
        RootTable loadedRoots = RootTable.load(memory, loadedAllocator, loadedHeader, source);
        RecordCheck loadedRecords = new RecordCheck(segment, loadedAllocator, loadedCatalog, source);
        header = loadedHeader;
        allocator = loadedAllocator;
        catalog = loadedCatalog;
        roots = loadedRoots;
        records = loadedRecords;
        strings = new HeapStrings(memory, loadedAllocator, loadedRecords, source);
        generations = Math.max(generations, loadedHeader.generationReserve());
        unfinished.clear();
        freedValueStrings.clear();
        // A rollback frees the records allocated since the last commit and revives freed ones.
        recordFree();
    }

    /**
     * A generation for a new record: 1 to {@code 0xfffe}, counting on from the last one handed
     * out, even in an earlier run, so that a record's successor in its block has another one. The
     * header stores how far generations may have been handed out, raised in batches: after a
     * crash or a rollback the count goes on from there, and the generations handed out since the
     * last commit were of records that are gone.
     *
     * <p>The count is the heap's, not each block's: a stale handle is missed only if its block was
     * taken again by a record of its type exactly a multiple of 65,534 allocations later. Counting
     * per block would need the block's last generation when it is reused, but a freed record's
     * header holds {@link RecordHeader#FREED} and a page given back to the file system reads
     * zeros, so that generation is gone by then.
     */
    private int newGeneration() {
        if (generations >= header.generationReserve()) {
            header.generationReserve(generations + GENERATION_BATCH);
            header.write(memory);
        }
        return 1 + (int) Long.remainderUnsigned(generations++, RecordHeader.FREED - 1);
    }

    // ---- operations that fail midway

    /**
     * The first operation since the last load (open or rollback) that threw after it had begun
     * to change the heap, or null: while there is one, a commit would make half of it durable.
     */
    public UnfinishedOperation unfinished() {
        return unfinished.unfinished();
    }

    @Override
    public RuntimeException interrupted(String operation, Throwable failure) {
        return unfinished.failed(operation, failure, true);
    }

    /**
     * Runs an operation of this class that may change the heap. A refusal before any change (a
     * wrong argument, a full heap found before allocating) leaves the heap as it was; anything
     * else, or any failure after an allocation or a free, leaves it half changed and is recorded.
     */
    private <T> T change(String operation, Supplier<T> body) {
        long before = allocator.changes();
        try {
            return body.get();
        } catch (RuntimeException | Error e) {
            throw unfinished.failed(operation, e, allocator.changes() != before || !UnfinishedOperations.isRefusal(e));
        }
    }

    private void changeRun(String operation, Runnable body) {
        change(operation, () -> {
            body.run();
            return null;
        });
    }

    // ---- StructStore

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public void markDirty(long offset, long length) {
        memory.markDirty(offset, length);
    }

    @Override
    public FreeCounter frees() {
        return frees;
    }

    private void recordFree() {
        if (writable) {
            frees.recordFree();
        }
    }

    @Override
    public long referenceTo(Object struct, StructType<?> type) {
        if (struct == null) {
            return 0;
        }
        if (!(struct instanceof Flyweight flyweight) || flyweight.structType() != type) {
            throw new IllegalArgumentException("expected a record of " + type.schemaName() + ", got "
                    + struct.getClass().getName());
        }
        checkOwnRecord(flyweight, "stored as a reference");
        return Reference.of(flyweight.offset(), flyweight.generation());
    }

    /**
     * @throws IllegalArgumentException if the flyweight is over a record of another heap
     * @throws IllegalStateException if its record was freed since it was pointed at it
     */
    private void checkOwnRecord(Flyweight flyweight, String use) {
        StructType<?> type = flyweight.structType();
        long offset = flyweight.offset();
        if (flyweight.store() != this) {
            throw new IllegalArgumentException("the " + type.schemaName() + " record at offset " + offset
                    + " belongs to another heap and cannot be " + use + " in " + source);
        }
        if (!flyweight.live() || allocator.blockSize(offset) == 0
                || RecordHeader.typeId(segment, offset) != type.typeId()) {
            throw new IllegalStateException(source + ": the " + type.schemaName() + " record at offset " + offset
                    + " was freed" + (flyweight.live() ? "" : " (its block may hold a new record now)")
                    + " and cannot be " + use + ": use after free. Drop flyweights of a record before freeing it");
        }
    }

    @Override
    public <T> T dereference(long reference, StructType<T> type) {
        if (reference == 0) {
            return null;
        }
        checkType(type);
        records.requireRecord(reference, type.typeId(), type.size(), type.schemaName());
        return type.wrap(this, Reference.offset(reference));
    }

    @Override
    public RuntimeException accessFailure(IllegalStateException failure) {
        if (segment.scope().isAlive()) {
            return failure;
        }
        return new IllegalStateException("heap " + source + " is closed: records obtained from it cannot be used"
                + " after close(); open the heap again and look them up there", failure);
    }

    @Override
    public String readString(long reference) {
        return strings.read(reference);
    }

    @Override
    public synchronized long replaceString(long oldReference, String value) {
        requireWritable();
        return change("store a string in place of the one at offset " + oldReference,
                () -> strings.replace(oldReference, value));
    }

    // ---- BlockHeap

    @Override
    public synchronized long allocate(long bytes) {
        requireWritable();
        return change("allocate a block of " + bytes + " bytes", () -> allocator.allocate(bytes));
    }

    /**
     * {@inheritDoc} A collection's owned struct value is stored as a {@link Reference}, with its
     * record's generation above the offset; only the offset counts here.
     */
    @Override
    public synchronized void free(long block) {
        requireWritable();
        long offset = Reference.offset(block);
        checkNotRoot(offset);
        if (offset != block && RecordHeader.generation(segment, offset) != Reference.generation(block)) {
            throw new IllegalStateException(source + ": the " + catalog.typeName(RecordHeader.typeId(segment, offset))
                    + " record at offset " + offset + " that a collection owns was freed, and its block may hold a new"
                    + " record (generation " + RecordHeader.generation(segment, offset) + ", the collection stored "
                    + Reference.generation(block) + "): use after free. Free a collection's struct values by removing"
                    + " their entries, never with Heap.free");
        }
        changeRun("free the block at offset " + offset, () -> {
            TypeEntry type = catalog.get(RecordHeader.typeId(segment, offset));
            if (type != null && allocator.blockSize(offset) >= type.size()) {
                freeOwned(offset, type.fields());
                retire(offset);
            }
            allocator.free(offset);
            recordFree();
        });
    }

    /**
     * Returns the block at {@code offset} to the allocator and nothing else, even if it is a
     * record: for a migration that has copied the record, and what it owns, elsewhere.
     */
    public synchronized void freeBlock(long offset) {
        requireWritable();
        checkNotRoot(offset);
        changeRun("free the block at offset " + offset, () -> {
            if (allocator.blockSize(offset) >= RecordHeader.SIZE && catalog.knows(RecordHeader.typeId(segment, offset))) {
                retire(offset);
            }
            allocator.free(offset);
            recordFree();
        });
    }

    /**
     * Marks the record at {@code offset}, about to be freed, as {@link RecordHeader#FREED}: the
     * flyweights still over it see that it is gone.
     */
    private void retire(long offset) {
        RecordHeader.generation(segment, offset, RecordHeader.FREED);
        memory.markDirty(offset + RecordHeader.GENERATION, 2);
        recordFree();
    }

    private void checkNotRoot(long offset) {
        String root = roots.nameOf(offset);
        if (root != null) {
            throw new IllegalArgumentException("the block at offset " + offset + " is the root \"" + root
                    + "\"; remove the root before freeing it");
        }
    }

    /** Sets how the collections that records own are freed with them; the heap's opener calls it once. */
    public void freeCollectionsWith(CollectionFreer freer) {
        collections = Objects.requireNonNull(freer, "freer");
    }

    @Override
    public synchronized long root(String name) {
        return roots.get(name);
    }

    @Override
    public synchronized void setRoot(String name, long offset) {
        requireWritable();
        roots.checkSet(name, offset);
        changeRun((offset == 0 ? "remove" : "set") + " the root \"" + name + "\"", () -> roots.set(name, offset));
    }

    // ---- typed operations for Heap

    /** Allocates and initializes a record of {@code type}, of a new generation. */
    @Override
    public synchronized <T> T allocate(StructType<T> type) {
        requireWritable();
        checkType(type);
        return change("allocate a " + type.schemaName() + " record", () -> {
            long offset = allocator.allocate(type.size());
            return type.initialize(this, offset, newGeneration());
        });
    }

    /**
     * The root called {@code name} as a record of {@code type}, created when {@code create} is
     * set and there is none yet; empty when there is none and {@code create} is not set.
     *
     * @throws IllegalArgumentException if the root holds a record of another type
     */
    public synchronized <T> Optional<T> root(String name, StructType<T> type, boolean create) {
        checkType(type);
        long offset = root(name);
        if (offset == 0) {
            if (!create) {
                return Optional.empty();
            }
            // Each step records itself if it fails midway; a clean refusal of the second undoes the first.
            T record = allocate(type);
            long created = ((Flyweight) record).offset();
            try {
                setRoot(name, created);
            } catch (RuntimeException e) {
                if (unfinished.unfinished() == null) {
                    allocator.free(created);
                    recordFree();
                }
                throw e;
            }
            return Optional.of(record);
        }
        int found = RecordHeader.typeId(segment, offset);
        if (found != type.typeId()) {
            if (!catalog.knows(found)) {
                throw new CorruptHeapException(source + ": root \"" + name + "\" points at offset " + offset
                        + ", whose header holds type id 0x" + Integer.toHexString(found) + ", a type this heap never stored");
            }
            throw new IllegalArgumentException("root \"" + name + "\" is a " + catalog.typeName(found) + ", not a "
                    + type.schemaName());
        }
        records.require(offset, type.typeId(), type.size(), type.schemaName());
        return Optional.of(type.wrap(this, offset));
    }

    /** The names of the roots, sorted. */
    public synchronized Set<String> rootNames() {
        return roots.names();
    }

    /**
     * Frees the record {@code struct}, the heap strings of its string fields and the collections
     * of its collection fields.
     *
     * @throws IllegalArgumentException if it is not a live record of this heap, or is a root
     */
    public synchronized void freeRecord(Object struct) {
        requireWritable();
        if (!(struct instanceof Flyweight flyweight)) {
            throw new IllegalArgumentException("not a persistent struct: "
                    + (struct == null ? "null" : struct.getClass().getName()));
        }
        checkOwnRecord(flyweight, "freed");
        long offset = flyweight.offset();
        String root = roots.nameOf(offset);
        if (root != null) {
            throw new IllegalArgumentException("the " + flyweight.structType().schemaName() + " record at offset "
                    + offset + " is the root \"" + root + "\"; remove the root before freeing it");
        }
        changeRun("free the " + flyweight.structType().schemaName() + " record at offset " + offset,
                () -> {
                    // The catalog's layout, not the compiled one: an older application frees what newer fields own too.
                    TypeEntry stored = catalog.get(flyweight.structType().typeId());
                    freeOwned(offset, stored != null ? stored.fields() : flyweight.structType().fields());
                    retire(offset);
                    allocator.free(offset);
                });
    }

    /**
     * Frees what the record (or embedded record) at {@code offset}, laid out as {@code fields},
     * owns: strings, collections, and what its embedded records own.
     */
    private void freeOwned(long offset, List<FieldDescriptor> fields) {
        int version = RecordHeader.version(segment, offset);
        for (FieldDescriptor field : fields) {
            if (field.since() > version) {
                continue; // the record was written before the field existed: its bytes are not the field's
            }
            for (int i = 0; i < field.length(); i++) {
                long at = offset + field.offset() + i * field.elementSize();
                if (field.kind() == FieldKind.STRING) {
                    strings.free(segment.get(LittleEndian.LONG, at));
                } else if (field.isCollection() && segment.get(LittleEndian.LONG, at) != 0) {
                    collections.free(this, segment.get(LittleEndian.LONG, at));
                } else if (field.kind() == FieldKind.INLINE) {
                    TypeEntry embedded = catalog.get(StructType.typeIdOf(field.target()));
                    if (embedded != null) {
                        freeOwned(at, embedded.fields());
                    }
                }
            }
        }
    }

    // ---- the catalog

    /**
     * Checks a compiled struct type against the catalog, registering it on first use and
     * recording a newer compatible version.
     *
     * @throws dev.ferrite.runtime.SchemaMigrationRequiredException if the compiled type cannot read the stored records as they are
     */
    public void checkType(StructType<?> type) {
        if (catalog.checked(type)) {
            return;
        }
        synchronized (this) {
            changeRun("record " + type.schemaName() + " in the type catalog", () -> catalog.check(type, writable));
        }
    }

    /**
     * Records {@code types} in the catalog in place of the stored entries with their type ids,
     * without checking them against the stored ones: for a migration that has just rewritten
     * every record of those types to the new layouts.
     */
    public synchronized void replaceTypes(Collection<TypeEntry> types) {
        requireWritable();
        changeRun("replace the migrated types in the type catalog", () -> catalog.replace(types));
    }

    /** The schema name of the records with {@code typeId}, or a description of an unknown id. */
    public String typeName(int typeId) {
        return catalog.typeName(typeId);
    }

    /** The stored types, in the order they were first stored. */
    public synchronized List<TypeEntry> types() {
        return catalog.types();
    }

    // ---- reading the whole heap, for tools

    /**
     * Calls {@code action} with the offset and catalog entry of every record of a stored struct
     * type, in address order.
     */
    public synchronized void forEachRecord(ObjLongConsumer<TypeEntry> action) {
        Catalog types = catalog;
        allocator.forEachBlock((offset, size) -> {
            TypeEntry type = types.get(RecordHeader.typeId(segment, offset));
            if (type != null && type.size() <= size) {
                action.accept(type, offset);
            }
        });
    }

    // ---- compaction

    /** See {@link Allocator#planCompaction}. */
    public synchronized CompactionPlan planCompaction(long[] pinned) {
        return allocator.planCompaction(pinned);
    }

    /** See {@link Allocator#emptySparseSlabs}. */
    public synchronized long[] emptySparseSlabs(long[] pages, int[] blocks, double maxUse, int atLeast) {
        requireWritable();
        return allocator.emptySparseSlabs(pages, blocks, maxUse, atLeast);
    }

    /** See {@link Allocator#endEmptying}. */
    public synchronized void endEmptying() {
        allocator.endEmptying();
    }

    /**
     * {@inheritDoc} Counted per map header, whichever handle of the map removed the entries. The
     * counts only time a packing, so when more maps than {@value #COUNTED_MAPS} have counts (maps
     * freed since are among them) they all start anew, rather than every free looking for a count.
     */
    @Override
    public synchronized long ownedStringFreed(long mapHeader) {
        if (freedValueStrings.size() >= COUNTED_MAPS && !freedValueStrings.containsKey(mapHeader)) {
            freedValueStrings.clear();
        }
        return freedValueStrings.merge(mapHeader, 1L, Long::sum);
    }

    /** Starts the count of the strings the map at {@code mapHeader} gives up anew. */
    public synchronized void valueStringsPacked(long mapHeader) {
        freedValueStrings.remove(mapHeader);
    }

    /** See {@link Allocator#emptySlabs}. */
    public synchronized void emptySlabs(long[] pages) {
        requireWritable();
        allocator.emptySlabs(pages);
    }

    /** See {@link Allocator#limitBelow}. */
    public synchronized void limitAllocationsBelow(long page) {
        requireWritable();
        allocator.limitBelow(page);
    }

    /**
     * Moves the block at {@code offset}, bytes and all, into a new block of its size and frees the
     * old one; returns the new offset. Nothing that refers to it is changed: that is the caller's
     * business, and so is what the record owns, which stays where it is.
     */
    public synchronized long relocateBlock(long offset) {
        requireWritable();
        return change("move the block at offset " + offset, () -> {
            long size = allocator.blockSize(offset);
            if (size == 0) {
                throw new IllegalArgumentException("no allocated block starts at offset " + offset);
            }
            long target = allocator.allocate(size);
            MemorySegment.copy(segment, offset, segment, target, size);
            memory.markDirty(target, size);
            // The copy keeps the record's generation; the flyweights still over the old place must
            // see that their record left it.
            if (size >= RecordHeader.SIZE && catalog.knows(RecordHeader.typeId(segment, offset))) {
                retire(offset);
            }
            allocator.free(offset);
            recordFree();
            return target;
        });
    }

    /**
     * Moves the block whose offset the word at {@code slot} holds, as {@link #relocateBlock} does,
     * and points the word at the new place: one change, so that a failure between the two leaves
     * the heap refusing to commit until a rollback rather than referring to a freed block.
     */
    public synchronized void relocateBlockAt(long slot) {
        requireWritable();
        changeRun("move the block that the word at offset " + slot + " refers to", () -> {
            long moved = relocateBlock(segment.get(LittleEndian.LONG, slot));
            segment.set(LittleEndian.LONG, slot, moved);
            memory.markDirty(slot, 8);
        });
    }

    /**
     * Points the header at the moved type catalog and root table blocks and every root at its moved
     * record: {@code moved} gives an offset's new place (the offset itself if it did not move).
     */
    public synchronized void relocateMetadata(LongUnaryOperator moved) {
        requireWritable();
        changeRun("point the heap's metadata at the moved blocks", () -> {
            if (header.catalog() != 0) {
                header.catalog(moved.applyAsLong(header.catalog()));
            }
            if (header.roots() != 0) {
                header.roots(moved.applyAsLong(header.roots()));
            }
            header.write(memory);
            roots.relocate(moved);
        });
    }

    /** See {@link Allocator#lowerTop}. */
    public synchronized long[] lowerTop() {
        requireWritable();
        return change("lower the top of the heap", allocator::lowerTop);
    }

    /** Calls {@code visitor} with the offset and size of every allocated block, in address order. */
    public synchronized void forEachBlock(Allocator.BlockVisitor visitor) {
        allocator.forEachBlock(visitor);
    }

    /** The size of the allocated block that starts at {@code offset}, or 0 if none does. */
    public long blockSize(long offset) {
        return allocator.blockSize(offset);
    }

    /**
     * The free page runs, as byte {@code {offset, length}} pairs, that hold pages freed since the
     * last call (see {@link Allocator#takeFreedRuns}); all free runs with {@code all}.
     */
    public synchronized List<long[]> takeFreedRuns(boolean all) {
        List<long[]> runs = allocator.takeFreedRuns();
        if (!all) {
            return runs;
        }
        List<long[]> free = new ArrayList<>(allocator.freeRuns());
        // Above the top every page is zeros, and so are the page table's descriptors of them: a
        // compaction that stopped before it gave back what it cut off left them on the disk.
        long topPage = header.top() >>> HeapLayout.PAGE_SHIFT;
        Regions regions = header.regions();
        long descriptors = regions.descriptor(topPage);
        free.add(new long[] {descriptors, regions.dataStart(regions.count() - 1) - descriptors});
        free.add(new long[] {header.top(), header.size() - header.top()});
        return free;
    }

    /** Bytes in allocated blocks. */
    public synchronized long allocatedBytes() {
        return allocator.allocatedBytes();
    }

    /** Bytes in free pages below the extent. */
    public synchronized long freePageBytes() {
        return allocator.freePageBytes();
    }

    /** The offset of the block holding the type catalog, 0 if there is none. */
    public synchronized long catalogBlock() {
        return header.catalog();
    }

    /** The offset of the block holding the root table, 0 if there is none. */
    public synchronized long rootTableBlock() {
        return header.roots();
    }

    /** The offset of the first data page: no block starts below it. */
    public synchronized long dataStart() {
        return header.dataStart();
    }

    /** The end of the pages ever used. */
    public synchronized long extent() {
        return header.top();
    }

    /**
     * The bytes of the file the heap's regions take: the end of its last region. Pages between
     * {@link #extent()} and here were never used.
     */
    public synchronized long size() {
        return header.size();
    }

    /** The regions the heap has grown to; see {@link Regions}. */
    public synchronized Regions regions() {
        return header.regions();
    }

    /** The most bytes the heap may grow to, or {@link HeapHeader#UNBOUNDED}. */
    public synchronized long bound() {
        return header.bound();
    }

    /**
     * Sets the most bytes the heap may grow to, no less than its size: a smaller {@code bytes}
     * lowers the bound to the size. Written to the header; the next commit makes it durable.
     *
     * @return the bound now in effect
     */
    public synchronized long bound(long bytes) {
        requireWritable();
        long bound = Math.max(bytes & -HeapLayout.PAGE_SIZE, header.size());
        if (bytes == HeapHeader.UNBOUNDED) {
            bound = HeapHeader.UNBOUNDED;
        }
        if (bound != header.bound()) {
            header.bound(bound);
            header.write(memory);
        }
        return bound;
    }

    /** Space and record counts; reads the header of every block. */
    public synchronized HeapStatistics statistics() {
        Map<Integer, Long> counts = new HashMap<>();
        allocator.forEachBlock((offset, size) -> counts.merge(RecordHeader.typeId(segment, offset), 1L, Long::sum));
        return new HeapStatistics(header.bound(), header.size(), header.top(), allocator.allocatedBytes(),
                allocator.allocatedBlocks(), counts);
    }

    public boolean writable() {
        return writable;
    }

    private void requireWritable() {
        if (!writable) {
            throw new IllegalStateException(source + " is open read-only");
        }
    }
}
