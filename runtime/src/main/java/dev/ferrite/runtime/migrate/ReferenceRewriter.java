package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.collection.BPlusTree;
import dev.ferrite.runtime.collection.ChunkedList;
import dev.ferrite.runtime.collection.MapHeader;
import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.TreeCursor;
import dev.ferrite.runtime.collection.ValueKind;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.format.Reference;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Points every reference to a moved record at its new place: reference fields of records
 * (directly or inside inline structs, found through the catalog), payloads of sorted maps and
 * elements of lists whose values are records of a moved type. Roots are the engine's business.
 * Runs after the old blocks were freed and the catalog describes the new layouts, so every live
 * block is read with the layout it has.
 */
final class ReferenceRewriter {
    /** Inline structs nest, but never in a cycle (the processor rejects one); this bounds a damaged catalog. */
    private static final int MAX_NESTING = 32;

    private final HeapCore core;
    private final MemorySegment segment;
    private final Relocations relocations;
    private final Set<Integer> movedTypeIds;
    private final Set<String> movedNames;
    private final Map<Integer, TypeEntry> types = new HashMap<>();
    private final Map<String, TypeEntry> typesByName = new HashMap<>();
    /** Per type id, the offsets within a record of the references that may point at a moved record. */
    private final Map<Integer, long[]> slots = new HashMap<>();
    private long rewritten;

    ReferenceRewriter(HeapCore core, Relocations relocations, Set<Integer> movedTypeIds, Set<String> movedNames) {
        this.core = core;
        this.segment = core.segment();
        this.relocations = relocations;
        this.movedTypeIds = movedTypeIds;
        this.movedNames = movedNames;
        for (TypeEntry type : core.types()) {
            types.put(type.typeId(), type);
            typesByName.put(type.schemaName(), type);
        }
    }

    /** Rewrites every reference to a moved record and returns how many it rewrote. */
    long run() {
        core.forEachBlock((offset, size) -> {
            int typeId = RecordHeader.typeId(segment, offset);
            TypeEntry type = types.get(typeId);
            if (type != null) {
                if (type.size() <= size) {
                    for (long slot : slots.computeIfAbsent(typeId, id -> slotsOf(type))) {
                        rewrite(offset + slot);
                    }
                }
            } else if (typeId == NodeFormat.MAP_TYPE_ID) {
                rewriteMap(offset);
            } else if (typeId == ChunkedList.HEADER_TYPE_ID) {
                rewriteList(offset);
            }
        });
        return rewritten;
    }

    private long[] slotsOf(TypeEntry type) {
        List<Long> found = new ArrayList<>();
        collect(type, 0, found, 0);
        return found.stream().mapToLong(Long::longValue).toArray();
    }

    private void collect(TypeEntry type, long base, List<Long> found, int depth) {
        if (depth > MAX_NESTING) {
            throw new MigrationFailure("inline structs of " + type.schemaName() + " nest deeper than " + MAX_NESTING);
        }
        for (FieldDescriptor field : type.fields()) {
            for (int i = 0; i < field.length(); i++) {
                long at = base + field.offset() + i * field.elementSize();
                if (field.kind() == FieldKind.REFERENCE && movedNames.contains(field.target())) {
                    found.add(at);
                } else if (field.kind() == FieldKind.INLINE && typesByName.containsKey(field.target())) {
                    collect(typesByName.get(field.target()), at, found, depth + 1);
                }
            }
        }
    }

    private void rewrite(long slot) {
        long moved = movedReference(segment.get(LittleEndian.LONG, slot));
        if (moved != 0) {
            segment.set(LittleEndian.LONG, slot, moved);
            core.markDirty(slot, 8);
            rewritten++;
        }
    }

    /**
     * The stored {@link Reference} {@code reference} after its record moved, or 0 if it did not:
     * the new offset with the same generation, which a moved record keeps.
     */
    private long movedReference(long reference) {
        long moved = relocations.movedTo(Reference.offset(reference));
        return moved == 0 ? 0 : Reference.of(moved, Reference.generation(reference));
    }

    private void rewriteMap(long header) {
        MapHeader map = MapHeader.read(segment, header);
        if (!refersToRecords(map.values()) || !movedTypeIds.contains(map.valueTypeId())) {
            return;
        }
        TreeCursor cursor = new TreeCursor(BPlusTree.open(core, header));
        for (cursor.first(); cursor.valid(); cursor.next()) {
            rewrite(cursor.payloadAddress());
        }
    }

    /** Whether payloads of {@code kind} are struct records, the only blocks a migration moves. */
    private static boolean refersToRecords(ValueKind kind) {
        return kind == ValueKind.REFERENCE || kind == ValueKind.STRUCT;
    }

        private void rewriteList(long header) {
        ChunkedList.Description list = ChunkedList.describe(segment, header);
        if (!refersToRecords(list.values()) || !movedTypeIds.contains(list.typeId())) {
            return;
        }
        ChunkedList elements = ChunkedList.open(core, header);
        long size = elements.size();
        for (long i = 0; i < size; i++) {
            long moved = movedReference(elements.get(i));
            if (moved != 0) {
                elements.set(i, moved);
                rewritten++;
            }
        }
    }
}
