package dev.ferrite.runtime.memory;

import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.format.Reference;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.StructStore;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Objects;

/**
 * A store over a bare {@link MemorySegment}: the bytes of a heap (on a FAMS mapping, or in plain
 * memory in tests), and a way to use flyweights without a heap.
 *
 * <p>Dirty marks are dropped; a subclass that must see them (a heap's memory reports them to its
 * file, a test records them) overrides {@link #markDirty}. References are offsets into the same
 * segment ({@code 0} is {@code null}, so a record at offset 0 cannot be referenced), checked only
 * for their type id. Heap-allocated strings need a heap and are not supported; use {@code
 * @FixedString} fields over a bare segment.
 */
public class SegmentStore implements StructStore {
    private final MemorySegment segment;

    /** A store over {@code segment}. */
    public SegmentStore(MemorySegment segment) {
        this.segment = Objects.requireNonNull(segment, "segment");
    }

    /** A store over {@code segment} that ignores dirty marks. */
    public static SegmentStore of(MemorySegment segment) {
        return new SegmentStore(segment);
    }

    @Override
    public final MemorySegment segment() {
        return segment;
    }

    /** Drops the mark: nothing here needs it. */
    @Override
    public void markDirty(long offset, long length) {}

    /**
     * Whether no one but this store's own writer can change the bytes while it is open, so that a
     * read-only heap over it sees no record freed: false here (anyone holding the segment may
     * write it); a file's memory says whether its view is one fixed commit.
     */
    public boolean fixed() {
        return false;
    }

    /**
     * The parts of {@code [from, to)} that may hold non-zero bytes, as {@code {start, end}} pairs
     * in order: all of it, unless the memory knows ranges that are certainly zeros (the holes of a
     * sparse file). Lets the allocator skip what a file claims but does not store.
     */
    public List<long[]> dataRanges(long from, long to) {
        return List.of(new long[] {from, to});
    }

    /**
     * The bytes of the segment that may be used now: all of it here; a file's memory may reserve
     * more address space than the file holds yet (see {@link #extendTo}).
     */
    public long size() {
        return segment.byteSize();
    }

    /** The most bytes {@link #extendTo} can make usable: the size of the segment. */
    public long limit() {
        return segment.byteSize();
    }

    /**
     * Makes the first {@code bytes} bytes of the segment usable, reading as zeros where they are
     * new; the segment does not move. Here the whole segment always is.
     *
     * @throws IllegalArgumentException if {@code bytes} passes {@link #limit()}
     */
    public void extendTo(long bytes) {
        if (bytes > limit()) {
            throw new IllegalArgumentException("cannot extend to " + bytes + " bytes: the memory has " + limit());
        }
    }

    /** Copies {@code bytes} to {@code offset} and marks them dirty. */
    public final void write(long offset, byte[] bytes) {
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, offset, bytes.length);
        markDirty(offset, bytes.length);
    }

    /** Zeroes {@code length} bytes at {@code offset} and marks them dirty. */
    public final void zero(long offset, long length) {
        segment.asSlice(offset, length).fill((byte) 0);
        markDirty(offset, length);
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
        return Reference.of(flyweight.offset(), flyweight.generation());
    }

    @Override
    public <T> T dereference(long reference, StructType<T> type) {
        if (reference == 0) {
            return null;
        }
        long offset = Reference.offset(reference);
        Objects.checkFromIndexSize(offset, type.size(), segment.byteSize());
        int found = RecordHeader.typeId(segment, offset);
        if (found != type.typeId()) {
            throw new IllegalStateException(
                    "no " + type.schemaName() + " record at offset " + offset + ": type id is 0x"
                            + Integer.toHexString(found) + ", expected 0x" + Integer.toHexString(type.typeId()));
        }
        if (RecordHeader.generation(segment, offset) != Reference.generation(reference)) {
            throw new IllegalStateException("the " + type.schemaName() + " record at offset " + offset
                    + " was replaced by another since the reference to it was stored (use after free)");
        }
        return type.wrap(this, offset);
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
