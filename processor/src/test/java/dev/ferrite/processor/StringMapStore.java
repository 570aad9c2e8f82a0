package dev.ferrite.processor;

import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.memory.SegmentStore;
import dev.ferrite.runtime.struct.StructStore;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A store over a segment that keeps heap strings in a map, so generated heap-string accessors
 * can be run before a heap exists. Dirty marks are recorded as {@code [offset, length]} pairs;
 * references are offsets, as in a {@link SegmentStore}.
 */
final class StringMapStore implements StructStore {
    private final SegmentStore segmentStore;
    private final Map<Long, String> strings = new HashMap<>();
    private long nextReference = 1;

    StringMapStore(MemorySegment segment, List<List<Long>> marks) {
        this.segmentStore = new SegmentStore(segment) {
            @Override
            public void markDirty(long offset, long length) {
                marks.add(List.of(offset, length));
            }
        };
    }

    /** The number of strings stored and not released. */
    int liveStrings() {
        return strings.size();
    }

    @Override
    public MemorySegment segment() {
        return segmentStore.segment();
    }

    @Override
    public void markDirty(long offset, long length) {
        segmentStore.markDirty(offset, length);
    }

    @Override
    public long referenceTo(Object struct, StructType<?> type) {
        if (struct == null) {
            return 0;
        }
        Flyweight flyweight = (Flyweight) struct;
        if (flyweight.structType() != type || flyweight.store() != this) {
            throw new IllegalArgumentException("not a " + type.schemaName() + " record of this store: " + struct);
        }
        return flyweight.offset();
    }

    @Override
    public <T> T dereference(long reference, StructType<T> type) {
        if (reference == 0) {
            return null;
        }
        if (RecordHeader.typeId(segment(), reference) != type.typeId()) {
            throw new IllegalStateException("no " + type.schemaName() + " record at " + reference);
        }
        return type.wrap(this, reference);
    }

    @Override
    public String readString(long reference) {
        if (reference == 0) {
            return null;
        }
        String value = strings.get(reference);
        if (value == null) {
            throw new IllegalStateException("no string at reference " + reference);
        }
        return value;
    }

    @Override
    public long replaceString(long oldReference, String value) {
        if (oldReference != 0 && strings.remove(oldReference) == null) {
            throw new IllegalStateException("no string at reference " + oldReference);
        }
        if (value == null) {
            return 0;
        }
        long reference = nextReference++;
        strings.put(reference, value);
        return reference;
    }
}
