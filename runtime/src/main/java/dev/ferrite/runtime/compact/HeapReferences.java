package dev.ferrite.runtime.compact;

import dev.ferrite.runtime.collection.BPlusTree;
import dev.ferrite.runtime.collection.ChunkedList;
import dev.ferrite.runtime.collection.NodeFormat;
import dev.ferrite.runtime.collection.ReferenceSlots;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every word of a heap that holds the offset of a block, found before anything moves: fields of
 * records (references, heap strings, collections, in embedded records and arrays too) and the
 * words of sorted maps and lists (nodes, key blocks, chunks, values that are records or strings).
 * The type catalog and the root table are the heap's own business.
 *
 * <p>A {@code long} field or value may hold the handle of a collection, as the verifier accepts;
 * since nothing says whether it does, such a collection is pinned: it does not move.
 */
final class HeapReferences implements ReferenceSlots {
    private final HeapCore core;
    private final MemorySegment segment;
    private final Map<Integer, TypeEntry> typesById = new HashMap<>();
    private final Map<String, TypeEntry> typesByName = new HashMap<>();
    private final long dataStart;
    private final long top;
    private long[] slots = new long[1024];
    private int count;
    private final TreeSet<Long> pinned = new TreeSet<>();

    private HeapReferences(HeapCore core) {
        this.core = core;
        this.segment = core.segment();
        for (TypeEntry type : core.types()) {
            typesById.put(type.typeId(), type);
            typesByName.put(type.schemaName(), type);
        }
        this.dataStart = core.dataStart();
        this.top = core.extent();
    }

    /** Finds the references of every allocated block of {@code core}. */
    static HeapReferences of(HeapCore core) {
        HeapReferences references = new HeapReferences(core);
        core.forEachBlock(references::block);
        return references;
    }

    private void block(long offset, long size) {
        int typeId = RecordHeader.typeId(segment, offset);
        TypeEntry type = typesById.get(typeId);
        if (type != null && type.size() <= size) {
            fields(offset, type);
        } else if (typeId == NodeFormat.MAP_TYPE_ID) {
            BPlusTree.open(core, offset).forEachReference(this);
        } else if (typeId == ChunkedList.HEADER_TYPE_ID) {
            ChunkedList.open(core, offset).forEachReference(this);
        }
    }

    /** The fields of the record, or embedded record, at {@code base}. */
    private void fields(long base, TypeEntry type) {
        int version = RecordHeader.version(segment, base);
        for (FieldDescriptor field : type.fields()) {
            if (field.since() > version) {
                continue; // not written in this record: its bytes are not the field's
            }
            for (int i = 0; i < field.length(); i++) {
                long at = base + field.offset() + i * field.elementSize();
                switch (field.kind()) {
                    case REFERENCE, STRING, SORTED_MAP, LIST -> slot(at);
                    case LONG -> number(at);
                    case INLINE -> {
                        // The verifier, which ran first, refuses embedded types the catalog lacks.
                        TypeEntry embedded = typesByName.get(field.target());
                        if (embedded != null) {
                            fields(at, embedded);
                        }
                    }
                    default -> { }
                }
            }
        }
    }

    @Override
    public void slot(long address) {
        if (segment.get(LittleEndian.LONG, address) == 0) {
            return;
        }
        if (count == slots.length) {
            slots = Arrays.copyOf(slots, count * 2);
        }
        slots[count++] = address;
    }

    @Override
    public void number(long address) {
        long value = segment.get(LittleEndian.LONG, address);
        if (value >= dataStart && value < top && (value & 7) == 0 && core.blockSize(value) != 0) {
            int typeId = RecordHeader.typeId(segment, value);
            if (typeId == NodeFormat.MAP_TYPE_ID || typeId == ChunkedList.HEADER_TYPE_ID) {
                pinned.add(value);
            }
        }
    }

    /** The number of words found that hold an offset. */
    int count() {
        return count;
    }

    /** The address of the {@code index}th word found that holds an offset. */
    long address(int index) {
        return slots[index];
    }

    /** The offsets of the collections that must not move, ascending. */
    long[] pinned() {
        return pinned.stream().mapToLong(Long::longValue).toArray();
    }
}
