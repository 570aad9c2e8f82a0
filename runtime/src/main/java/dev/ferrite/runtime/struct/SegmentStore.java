package dev.ferrite.runtime.struct;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A store over a bare {@link MemorySegment}, for using flyweights without a heap: in tests, or
 * over memory the application manages itself.
 *
 * <p>References are offsets into the same segment ({@code 0} is {@code null}, so a record at
 * offset 0 cannot be referenced). Heap-allocated strings need a heap and are not supported;
 * use {@code @FixedString} fields over a bare segment.
 */
public final class SegmentStore implements StructStore {

    /** Receives the ranges flyweights report as written. */
    @FunctionalInterface
    public interface DirtyListener {
        /** {@code length} bytes at {@code offset} were written. */
        void markDirty(long offset, long length);
    }

    private final MemorySegment segment;
    private final DirtyListener listener;

    private SegmentStore(MemorySegment segment, DirtyListener listener) {
        this.segment = Objects.requireNonNull(segment, "segment");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** A store over {@code segment} that ignores dirty marks. */
    public static SegmentStore of(MemorySegment segment) {
        return new SegmentStore(segment, (offset, length) -> {});
    }

    /** A store over {@code segment} that reports dirty marks to {@code listener}. */
    public static SegmentStore of(MemorySegment segment, DirtyListener listener) {
        return new SegmentStore(segment, listener);
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public void markDirty(long offset, long length) {
        listener.markDirty(offset, length);
    }

    @Override
    public long referenceTo(Object struct, StructType<?> type) {
        if (struct == null) {
            return 0;
        }
        if (!(struct instanceof Flyweight flyweight) || flyweight.structType() != type) {
            throw new IllegalArgumentException(
                    "expected a record of " + type.schemaName() + ", got " + struct.getClass().getName());
        }
        if (flyweight.store() != this) {
            throw new IllegalArgumentException(
                    "the " + type.schemaName() + " record at offset " + flyweight.offset()
                            + " belongs to another store");
        }
        if (flyweight.offset() == 0) {
            throw new IllegalArgumentException(
                    "a record at offset 0 cannot be referenced: reference 0 means null");
        }
        return flyweight.offset();
    }

    @Override
    public <T> T dereference(long reference, StructType<T> type) {
        if (reference == 0) {
            return null;
        }
        Objects.checkFromIndexSize(reference, type.size(), segment.byteSize());
        int found = RecordHeader.typeId(segment, reference);
        if (found != type.typeId()) {
            throw new IllegalStateException(
                    "no " + type.schemaName() + " record at offset " + reference + ": type id is 0x"
                            + Integer.toHexString(found) + ", expected 0x" + Integer.toHexString(type.typeId()));
        }
        return type.wrap(this, reference);
    }

    @Override
    public String readString(long reference) {
        if (reference == 0) {
            return null;
        }
        throw unsupportedStrings();
    }

    @Override
    public long replaceString(long oldReference, String value) {
        if (value == null && oldReference == 0) {
            return 0;
        }
        throw unsupportedStrings();
    }

    private static UnsupportedOperationException unsupportedStrings() {
        return new UnsupportedOperationException(
                "heap-allocated strings need a Heap; over a bare segment use @FixedString");
    }
}
