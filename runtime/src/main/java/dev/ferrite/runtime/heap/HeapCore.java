package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.alloc.Allocator;
import dev.ferrite.runtime.root.RootCodec;
import dev.ferrite.runtime.schema.CatalogCodec;
import dev.ferrite.runtime.schema.SchemaCheck;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.RecordHeader;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heap inside its memory: header, allocator, type catalog, root table and string store,
 * and the {@link dev.ferrite.runtime.struct.StructStore} that generated flyweights call.
 * Knows nothing of files or commits; {@code Heap} puts it on a FAMS mapping, tests on plain
 * memory.
 *
 * <p>State that lives in the file is the truth: the in-memory maps are rebuilt by {@link
 * #reload()} after a rollback. Mutating calls synchronize on this object; reads of records do
 * not.
 */
public final class HeapCore implements BlockHeap {
    /** Type ids of the runtime's own blocks; derived like those of structs, so they cannot collide unseen. */
    public static final int STRING_TYPE = StructType.typeIdOf("ferrite.String");
    static final int CATALOG_TYPE = StructType.typeIdOf("ferrite.Catalog");
    static final int ROOTS_TYPE = StructType.typeIdOf("ferrite.Roots");
    /**
     * Names of the blocks the runtime itself writes: its own and those of its collections (see
     * the {@code collection} package), so that messages name them and a root holding one is told
     * apart from a damaged record.
     */
    private static final Map<Integer, String> INTERNAL_NAMES = internalNames(
            "ferrite.String", "ferrite.Catalog", "ferrite.Roots",
            "ferrite.SortedMap", "ferrite.SortedMap.Leaf", "ferrite.SortedMap.Branch", "ferrite.SortedMap.Key",
            "ferrite.List", "ferrite.List.Directory", "ferrite.List.Chunk");

    /** Bounds root names well inside what the root table's encoding can store (65,535 bytes). */
    static final int MAX_ROOT_NAME = 1000;
    private static final long STRING_LENGTH = RecordHeader.SIZE;
    private static final long STRING_BYTES = STRING_LENGTH + 4;

    private static Map<Integer, String> internalNames(String... names) {
        Map<Integer, String> byId = new HashMap<>();
        for (String name : names) {
            byId.put(StructType.typeIdOf(name), name);
        }
        return Map.copyOf(byId);
    }

    private final Memory memory;
    private final MemorySegment segment;
    private final String source;
    private final boolean writable;
    // Volatile so that reader threads, which take no lock, see a whole state after a reload;
    // catalog and roots are never edited, only replaced.
    private volatile HeapHeader header;
    private volatile Allocator allocator;
    private volatile Map<Integer, TypeEntry> catalog;
    private volatile TreeMap<String, Long> roots;
    /** Compiled types already checked against the catalog since the last load. */
    private final Set<StructType<?>> checked = ConcurrentHashMap.newKeySet();
    /** The first operation since the last load that failed after it had changed the heap, or null. */
    private volatile UnfinishedOperation unfinished;

    private HeapCore(Memory memory, String source, boolean writable) {
        this.memory = memory;
        this.segment = memory.segment();
        this.source = source;
        this.writable = writable;
    }

    /**
     * Loads the heap in {@code memory}, checking the header, every page descriptor in use, the
     * catalog and the root table.
     *
     * @param source names the heap in messages (its path)
     * @throws CorruptHeapException saying what is damaged and where
     */
    public static HeapCore load(Memory memory, String source, boolean writable) {
        HeapCore core = new HeapCore(memory, source, writable);
        core.reload();
        return core;
    }

    /** Writes the header of an empty heap filling all of {@code memory}, then loads it. */
    public static HeapCore format(Memory memory, String source) {
        long capacity = memory.segment().byteSize() & -HeapLayout.PAGE_SIZE;
        HeapHeader.empty(capacity).write(memory);
        return load(memory, source, true);
    }

    /** Re-reads all state from memory, as after a rollback. */
    public synchronized void reload() {
        checked.clear();
        HeapHeader loadedHeader = HeapHeader.read(segment, source);
        Allocator loadedAllocator = Allocator.load(memory, loadedHeader, source);
        Map<Integer, TypeEntry> loadedCatalog = new LinkedHashMap<>();
        if (loadedHeader.catalog() != 0) {
            byte[] payload = MetadataBlock.read(
                    segment, loadedAllocator, loadedHeader.catalog(), CATALOG_TYPE, source + ": type catalog");
            try {
                for (TypeEntry type : CatalogCodec.decode(payload)) {
                    loadedCatalog.put(type.typeId(), type);
                }
            } catch (IllegalArgumentException e) {
                throw new CorruptHeapException(
                        source + ": type catalog at offset " + loadedHeader.catalog() + ": " + e.getMessage(), e);
            }
        }
        TreeMap<String, Long> loadedRoots = new TreeMap<>();
        if (loadedHeader.roots() != 0) {
            byte[] payload = MetadataBlock.read(
                    segment, loadedAllocator, loadedHeader.roots(), ROOTS_TYPE, source + ": root table");
            try {
                loadedRoots = RootCodec.decode(payload);
            } catch (IllegalArgumentException e) {
                throw new CorruptHeapException(
                        source + ": root table at offset " + loadedHeader.roots() + ": " + e.getMessage(), e);
            }
            for (Map.Entry<String, Long> root : loadedRoots.entrySet()) {
                if (loadedAllocator.blockSize(root.getValue()) == 0) {
                    throw new CorruptHeapException(source + ": root table at offset " + loadedHeader.roots() + ": root \""
                            + root.getKey() + "\" points at offset " + root.getValue() + ", where no block is allocated");
                }
            }
        }
        header = loadedHeader;
        allocator = loadedAllocator;
        catalog = loadedCatalog;
        roots = loadedRoots;
        unfinished = null;
    }

    // ---- operations that fail midway

    /**
     * The first operation since the last load (open or rollback) that threw after it had begun
     * to change the heap, or null: while there is one, a commit would make half of it durable.
     */
    public UnfinishedOperation unfinished() {
        return unfinished;
    }

    @Override
    public RuntimeException interrupted(String operation, Throwable failure) {
        return failed(operation, failure, true);
    }

    /**
     * For an operation of this class that threw: a refusal before any change (a wrong argument, a
     * full heap found before allocating) leaves the heap as it was; anything else, or any failure
     * after an allocation or a free, leaves it half changed.
     */
    private RuntimeException failed(String operation, Throwable failure, long changesBefore) {
        return failed(operation, failure, allocator.changes() != changesBefore || !isRefusal(failure));
    }

    private RuntimeException failed(String operation, Throwable failure, boolean changed) {
        UnfinishedOperation known = unfinished;
        if (known != null && known.failure() == failure) {
            // Already recorded by a step of this operation: the enclosing operation names it better.
            unfinished = new UnfinishedOperation(operation, failure);
            return (RuntimeException) failure;
        }
        RuntimeException thrown;
        if (MemoryFaults.isFault(failure)) {
            thrown = MemoryFaults.full(source, operation, failure);
            changed = true; // the fault struck while writing, or reading what the operation goes on to write
        } else if (failure instanceof RuntimeException runtime) {
            thrown = runtime;
        } else {
            thrown = null;
        }
        if (changed && known == null) {
            unfinished = new UnfinishedOperation(operation, thrown != null ? thrown : failure);
        }
        if (thrown == null) {
            throw (Error) failure;
        }
        return thrown;
    }

    /** Exceptions that the runtime throws for bad arguments or a full heap before it changes anything. */
    private static boolean isRefusal(Throwable failure) {
        return failure instanceof IllegalArgumentException
                || failure instanceof IllegalStateException
                || failure instanceof NullPointerException
                || failure instanceof UnsupportedOperationException
                || failure instanceof IndexOutOfBoundsException
                || failure instanceof java.util.NoSuchElementException
                || failure instanceof ClassCastException
                || failure instanceof dev.ferrite.runtime.SchemaMigrationRequiredException
                || (failure instanceof dev.ferrite.runtime.HeapFullException && !MemoryFaults.isFault(failure.getCause()));
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
    public long referenceTo(Object struct, StructType<?> type) {
        if (struct == null) {
            return 0;
        }
        if (!(struct instanceof Flyweight flyweight) || flyweight.structType() != type) {
            throw new IllegalArgumentException("expected a record of " + type.schemaName() + ", got "
                    + struct.getClass().getName());
        }
        checkOwnRecord(flyweight, "stored as a reference");
        return flyweight.offset();
    }

    private void checkOwnRecord(Flyweight flyweight, String use) {
        StructType<?> type = flyweight.structType();
        long offset = flyweight.offset();
        if (flyweight.store() != this) {
            throw new IllegalArgumentException("the " + type.schemaName() + " record at offset " + offset
                    + " belongs to another heap and cannot be " + use + " in " + source);
        }
        if (allocator.blockSize(offset) == 0 || RecordHeader.typeId(segment, offset) != type.typeId()) {
            throw new IllegalArgumentException("the " + type.schemaName() + " record at offset " + offset
                    + " was freed and cannot be " + use);
        }
    }

    @Override
    public <T> T dereference(long reference, StructType<T> type) {
        if (reference == 0) {
            return null;
        }
        checkType(type);
        checkRecord(reference, type.typeId(), type.size(), type.schemaName());
        return type.wrap(this, reference);
    }

    private void checkRecord(long offset, int typeId, long size, String what) {
        long block = allocator.blockSize(offset);
        if (block == 0) {
            throw new CorruptHeapException(source + ": reference to a " + what + " at offset " + offset
                    + ", where no block is allocated");
        }
        int found = RecordHeader.typeId(segment, offset);
        if (found != typeId) {
            throw new CorruptHeapException(source + ": expected a " + what + " at offset " + offset + ", found a "
                    + typeName(found));
        }
        if (block < size) {
            throw new CorruptHeapException(source + ": the " + what + " at offset " + offset + " needs " + size
                    + " bytes, its block has " + block);
        }
    }

    @Override
    public String readString(long reference) {
        if (reference == 0) {
            return null;
        }
        checkRecord(reference, STRING_TYPE, STRING_BYTES, "string");
        int length = segment.get(LittleEndian.INT, reference + STRING_LENGTH);
        if (length < 0 || length > allocator.blockSize(reference) - STRING_BYTES) {
            throw new CorruptHeapException(source + ": string at offset " + reference + " has length " + length
                    + ", more than its block holds");
        }
        ByteBuffer bytes = segment.asSlice(reference + STRING_BYTES, length).asByteBuffer();
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new CorruptHeapException(source + ": string at offset " + reference + " is not valid UTF-8", e);
        }
    }

    @Override
    public synchronized long replaceString(long oldReference, String value) {
        requireWritable();
        long before = allocator.changes();
        try {
            return storeString(oldReference, value);
        } catch (RuntimeException | Error e) {
            throw failed("store a string in place of the one at offset " + oldReference, e, before);
        }
    }

    private long storeString(long oldReference, String value) {
        if (oldReference != 0) {
            checkRecord(oldReference, STRING_TYPE, STRING_BYTES, "string");
        }
        long reference = 0;
        if (value != null) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            if (oldReference != 0 && holds(oldReference, bytes)) {
                // Rewriting a string with itself is common; keeping it dirties no page.
                return oldReference;
            }
            reference = allocator.allocate(STRING_BYTES + bytes.length);
            RecordHeader.write(segment, reference, STRING_TYPE, 1);
            segment.set(LittleEndian.INT, reference + STRING_LENGTH, bytes.length);
            memory.markDirty(reference, STRING_BYTES);
            memory.write(reference + STRING_BYTES, bytes);
        }
        if (oldReference != 0) {
            allocator.free(oldReference);
        }
        return reference;
    }

    private boolean holds(long string, byte[] bytes) {
        return segment.get(LittleEndian.INT, string + STRING_LENGTH) == bytes.length
                && segment.asSlice(string + STRING_BYTES, bytes.length).mismatch(MemorySegment.ofArray(bytes)) == -1;
    }

    // ---- BlockHeap

    @Override
    public synchronized long allocate(long bytes) {
        requireWritable();
        long before = allocator.changes();
        try {
            return allocator.allocate(bytes);
        } catch (RuntimeException | Error e) {
            throw failed("allocate a block of " + bytes + " bytes", e, before);
        }
    }

    @Override
    public synchronized void free(long offset) {
        requireWritable();
        if (roots.containsValue(offset)) {
            throw new IllegalArgumentException("the block at offset " + offset + " is the root \""
                    + rootNameOf(offset) + "\"; remove the root before freeing it");
        }
        long before = allocator.changes();
        try {
            allocator.free(offset);
        } catch (RuntimeException | Error e) {
            throw failed("free the block at offset " + offset, e, before);
        }
    }

    @Override
    public synchronized long root(String name) {
        return roots.getOrDefault(name, 0L);
    }

    @Override
    public synchronized void setRoot(String name, long offset) {
        requireWritable();
        if (name == null || name.isEmpty() || name.length() > MAX_ROOT_NAME) {
            throw new IllegalArgumentException("a root name must have 1 to " + MAX_ROOT_NAME + " characters: "
                    + (name == null ? "null" : name.length() + " given"));
        }
        if (offset != 0 && allocator.blockSize(offset) == 0) {
            throw new IllegalArgumentException("root \"" + name + "\": no allocated block at offset " + offset);
        }
        TreeMap<String, Long> updated = new TreeMap<>(roots);
        if (offset == 0) {
            if (updated.remove(name) == null) {
                return;
            }
        } else {
            updated.put(name, offset);
        }
        long before = allocator.changes();
        try {
            writeRoots(updated);
        } catch (RuntimeException | Error e) {
            throw failed((offset == 0 ? "remove" : "set") + " the root \"" + name + "\"", e, before);
        }
    }

    private void writeRoots(TreeMap<String, Long> updated) {
        byte[] payload = RootCodec.encode(updated);
        long old = header.roots();
        header.roots(MetadataBlock.write(memory, allocator, ROOTS_TYPE, payload));
        header.write(memory);
        if (old != 0) {
            allocator.free(old);
        }
        roots = updated;
    }

    // ---- typed operations for Heap

    /** Allocates and initializes a record of {@code type}. */
    public synchronized <T> T allocate(StructType<T> type) {
        requireWritable();
        checkType(type);
        long before = allocator.changes();
        try {
            return type.initialize(this, allocator.allocate(type.size()));
        } catch (RuntimeException | Error e) {
            throw failed("allocate a " + type.schemaName() + " record", e, before);
        }
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
                if (unfinished == null) {
                    allocator.free(created);
                }
                throw e;
            }
            return Optional.of(record);
        }
        int found = RecordHeader.typeId(segment, offset);
        if (found != type.typeId()) {
            if (!catalog.containsKey(found) && !INTERNAL_NAMES.containsKey(found)) {
                throw new CorruptHeapException(source + ": root \"" + name + "\" points at offset " + offset
                        + ", whose header holds type id 0x" + Integer.toHexString(found) + ", a type this heap never stored");
            }
            throw new IllegalArgumentException("root \"" + name + "\" is a " + typeName(found) + ", not a "
                    + type.schemaName());
        }
        checkRecord(offset, type.typeId(), type.size(), type.schemaName());
        return Optional.of(type.wrap(this, offset));
    }

    /** The names of the roots, sorted. */
    public synchronized Set<String> rootNames() {
        return Collections.unmodifiableSet(new java.util.TreeSet<>(roots.keySet()));
    }

    /**
     * Frees the record {@code struct} and the heap strings of its string fields.
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
        if (roots.containsValue(offset)) {
            throw new IllegalArgumentException("the " + flyweight.structType().schemaName() + " record at offset "
                    + offset + " is the root \"" + rootNameOf(offset) + "\"; remove the root before freeing it");
        }
        long before = allocator.changes();
        try {
            freeWithStrings(flyweight);
        } catch (RuntimeException | Error e) {
            throw failed("free the " + flyweight.structType().schemaName() + " record at offset " + offset, e, before);
        }
    }

    private void freeWithStrings(Flyweight flyweight) {
        long offset = flyweight.offset();
        for (FieldDescriptor field : flyweight.structType().fields()) {
            if (field.kind() == FieldKind.STRING) {
                for (int i = 0; i < field.length(); i++) {
                    long reference = segment.get(LittleEndian.LONG, offset + field.offset() + i * field.elementSize());
                    if (reference != 0) {
                        checkRecord(reference, STRING_TYPE, STRING_BYTES, "string");
                        allocator.free(reference);
                    }
                }
            }
        }
        allocator.free(offset);
    }

    private String rootNameOf(long offset) {
        return roots.entrySet().stream().filter(e -> e.getValue() == offset).findFirst().orElseThrow().getKey();
    }

    /**
     * Checks a compiled struct type against the catalog, registering it on first use and
     * recording a newer compatible version.
     *
     * @throws dev.ferrite.runtime.SchemaMigrationRequiredException if the heap's version is newer or incompatible
     */
    public void checkType(StructType<?> type) {
        if (checked.contains(type)) {
            return;
        }
        synchronized (this) {
            TypeEntry compiled = TypeEntry.of(type);
            if (SchemaCheck.check(catalog.get(type.typeId()), compiled, source) && writable) {
                Map<Integer, TypeEntry> updated = new LinkedHashMap<>(catalog);
                updated.put(compiled.typeId(), compiled);
                long before = allocator.changes();
                try {
                    writeCatalog(updated);
                } catch (RuntimeException | Error e) {
                    throw failed("record " + type.schemaName() + " in the type catalog", e, before);
                }
            }
            checked.add(type);
        }
    }

    private void writeCatalog(Map<Integer, TypeEntry> updated) {
        long old = header.catalog();
        header.catalog(MetadataBlock.write(memory, allocator, CATALOG_TYPE, CatalogCodec.encode(updated.values())));
        header.write(memory);
        if (old != 0) {
            allocator.free(old);
        }
        catalog = updated;
    }

    /**
     * Records {@code types} in the catalog in place of the stored entries with their type ids,
     * without checking them against the stored ones: for a migration that has just rewritten
     * every record of those types to the new layouts.
     */
    public synchronized void replaceTypes(java.util.Collection<TypeEntry> types) {
        requireWritable();
        Map<Integer, TypeEntry> updated = new LinkedHashMap<>(catalog);
        for (TypeEntry type : types) {
            updated.put(type.typeId(), type);
        }
        long before = allocator.changes();
        try {
            writeCatalog(updated);
        } catch (RuntimeException | Error e) {
            throw failed("replace the migrated types in the type catalog", e, before);
        }
        checked.clear();
    }

    /** The schema name of the records with {@code typeId}, or a description of an unknown id. */
    public String typeName(int typeId) {
        TypeEntry entry = catalog.get(typeId);
        if (entry != null) {
            return entry.schemaName();
        }
        String internal = INTERNAL_NAMES.get(typeId);
        return internal != null ? internal : "record of unknown type id 0x" + Integer.toHexString(typeId);
    }

    /**
     * Checks every allocated block (see {@link HeapVerifier}) and returns the problems found, at
     * most 1000; empty when the heap is sound.
     */
    public synchronized List<String> verify() {
        return new HeapVerifier(segment, allocator, catalog, this::typeName).verify().stream()
                .map(problem -> source + ": " + problem)
                .toList();
    }

    /**
     * Calls {@code action} with the offset and catalog entry of every record of a stored struct
     * type, in address order.
     */
    public synchronized void forEachRecord(java.util.function.ObjLongConsumer<TypeEntry> action) {
        Map<Integer, TypeEntry> types = catalog;
        allocator.forEachBlock((offset, size) -> {
            TypeEntry type = types.get(RecordHeader.typeId(segment, offset));
            if (type != null && type.size() <= size) {
                action.accept(type, offset);
            }
        });
    }

    /** Calls {@code visitor} with the offset and size of every allocated block, in address order. */
    public synchronized void forEachBlock(Allocator.BlockVisitor visitor) {
        allocator.forEachBlock(visitor);
    }

    /** The size of the allocated block that starts at {@code offset}, or 0 if none does. */
    public long blockSize(long offset) {
        return allocator.blockSize(offset);
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

    /** The stored types, in the order they were first stored. */
    public synchronized List<TypeEntry> types() {
        return List.copyOf(catalog.values());
    }

    /** The number of allocated blocks per type id; reads the header of every block. */
    public synchronized Map<Integer, Long> blockCounts() {
        Map<Integer, Long> counts = new HashMap<>();
        allocator.forEachBlock((offset, size) -> counts.merge(RecordHeader.typeId(segment, offset), 1L, Long::sum));
        return counts;
    }

    public synchronized long capacity() {
        return header.capacity();
    }

    /** The end of the pages ever used. */
    public synchronized long extent() {
        return header.top();
    }

    public synchronized long allocatedBytes() {
        return allocator.allocatedBytes();
    }

    public synchronized long allocatedBlocks() {
        return allocator.allocatedBlocks();
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
