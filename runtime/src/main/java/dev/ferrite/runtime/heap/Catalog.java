package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.alloc.Allocator;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.SegmentStore;
import dev.ferrite.runtime.schema.CatalogCodec;
import dev.ferrite.runtime.schema.SchemaCheck;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.StructType;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type catalog of a loaded heap: every struct type stored, by type id, and the names of the
 * runtime's own blocks. A compiled type is checked against it on first use; a new type or a newer
 * compatible version is recorded by writing a new catalog block.
 *
 * <p>The map is never edited, only replaced, so that reader threads, which take no lock, see a
 * whole catalog. Writes happen under the lock of the heap's {@link HeapCore}.
 */
final class Catalog {
    static final int BLOCK_TYPE = StructType.typeIdOf("ferrite.Catalog");
    /** Slots of {@link #recentlyChecked}: a power of two. */
    private static final int RECENT_SLOTS = 16;
    /**
     * Names of the blocks the runtime itself writes: its own and those of its collections (see
     * the {@code collection} package), so that messages name them and a root holding one is told
     * apart from a damaged record.
     */
    private static final Map<Integer, String> INTERNAL_NAMES = internalNames(
            "ferrite.String", "ferrite.Catalog", "ferrite.Roots",
            "ferrite.SortedMap", "ferrite.SortedMap.Leaf", "ferrite.SortedMap.Branch", "ferrite.SortedMap.Key",
            "ferrite.SortedMap.Constants",
            "ferrite.List", "ferrite.List.Directory", "ferrite.List.Chunk");

    private static Map<Integer, String> internalNames(String... names) {
        Map<Integer, String> byId = new HashMap<>();
        for (String name : names) {
            byId.put(StructType.typeIdOf(name), name);
        }
        return Map.copyOf(byId);
    }

    private final SegmentStore memory;
    private final Allocator allocator;
    private final HeapHeader header;
    private final String source;
    private volatile Map<Integer, TypeEntry> types;
    /** Compiled types already checked against the catalog since it was loaded. */
    private final Set<StructType<?>> checked = ConcurrentHashMap.newKeySet();
    /**
     * Types {@link #checked(StructType)} found in the set, each in the slot of its type id's low
     * bits: code that follows references compares one of these instead of hashing into the set
     * each time, and a slot is written only when it misses, so threads that read records of a few
     * types keep them cached without writing to a shared line on every reference. Plain (not
     * volatile) elements: they only ever name types the set holds, and {@link #replace} clears
     * both while the writer has the heap to itself, so no reader runs then.
     */
    private final StructType<?>[] recentlyChecked = new StructType<?>[RECENT_SLOTS];

    private Catalog(SegmentStore memory, Allocator allocator, HeapHeader header, String source,
            Map<Integer, TypeEntry> types) {
        this.memory = memory;
        this.allocator = allocator;
        this.header = header;
        this.source = source;
        this.types = types;
    }

    /**
     * Reads the catalog block the header names.
     *
     * @throws CorruptHeapException if it is damaged
     */
    static Catalog load(SegmentStore memory, Allocator allocator, HeapHeader header, String source) {
        Map<Integer, TypeEntry> types = new LinkedHashMap<>();
        if (header.catalog() != 0) {
            byte[] payload = MetadataBlock.read(
                    memory.segment(), allocator, header.catalog(), BLOCK_TYPE, source + ": type catalog");
            try {
                for (TypeEntry type : CatalogCodec.decode(payload)) {
                    types.put(type.typeId(), type);
                }
            } catch (IllegalArgumentException e) {
                throw new CorruptHeapException(
                        source + ": type catalog at offset " + header.catalog() + ": " + e.getMessage(), e);
            }
        }
        return new Catalog(memory, allocator, header, source, types);
    }

    /** The stored entry of {@code typeId}, or null. */
    TypeEntry get(int typeId) {
        return types.get(typeId);
    }

    /** Whether {@code typeId} is a stored type or one of the runtime's own blocks. */
    boolean knows(int typeId) {
        return types.containsKey(typeId) || INTERNAL_NAMES.containsKey(typeId);
    }

    /** The stored types, in the order they were first stored. */
    List<TypeEntry> types() {
        return List.copyOf(types.values());
    }

    /** The schema name of the records with {@code typeId}, or a description of an unknown id. */
    String typeName(int typeId) {
        TypeEntry entry = types.get(typeId);
        if (entry != null) {
            return entry.schemaName();
        }
        String internal = INTERNAL_NAMES.get(typeId);
        return internal != null ? internal : "record of unknown type id 0x" + Integer.toHexString(typeId);
    }

    /** Whether {@code type} was checked since the catalog was loaded or last replaced. */
    boolean checked(StructType<?> type) {
        int slot = type.typeId() & (RECENT_SLOTS - 1);
        if (recentlyChecked[slot] == type) {
            return true;
        }
        if (!checked.contains(type)) {
            return false;
        }
        recentlyChecked[slot] = type;
        return true;
    }

    /**
     * Checks {@code type} against its stored entry and, if it is new or a newer compatible version
     * and {@code writable}, records it.
     *
     * @throws dev.ferrite.runtime.SchemaMigrationRequiredException if the compiled type cannot read the stored records as they are
     */
    void check(StructType<?> type, boolean writable) {
        TypeEntry compiled = TypeEntry.of(type);
        TypeEntry stored = types.get(type.typeId());
        if (SchemaCheck.check(stored, compiled, declaredGone(type, stored), source) && writable) {
            Map<Integer, TypeEntry> updated = new LinkedHashMap<>(types);
            updated.put(compiled.typeId(), compiled);
            write(updated);
        }
        checked.add(type);
    }

    /** The stored fields that {@code type} declares renamed or removed since the {@code stored} version. */
    private static Set<String> declaredGone(StructType<?> type, TypeEntry stored) {
        if (stored == null) {
            return Set.of();
        }
        Set<String> gone = new HashSet<>();
        type.removals().stream().filter(removal -> removal.since() > stored.version())
                .forEach(removal -> gone.add(removal.name()));
        type.renames().values().forEach(changes -> changes.stream()
                .filter(rename -> rename.since() > stored.version())
                .forEach(rename -> gone.add(rename.name())));
        return gone;
    }

    /** Records {@code replaced} in place of the stored entries with their type ids, without checks. */
    void replace(Collection<TypeEntry> replaced) {
        Map<Integer, TypeEntry> updated = new LinkedHashMap<>(types);
        for (TypeEntry type : replaced) {
            updated.put(type.typeId(), type);
        }
        write(updated);
        checked.clear();
        Arrays.fill(recentlyChecked, null);
    }

    private void write(Map<Integer, TypeEntry> updated) {
        MetadataBlock.replace(memory, allocator, header, header.catalog(), BLOCK_TYPE,
                CatalogCodec.encode(updated.values()), header::catalog);
        types = updated;
    }
}
