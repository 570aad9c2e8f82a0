package dev.ferrite.runtime.struct;

import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.format.Reference;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Base class of generated flyweights: a reusable view of one record in a {@link StructStore}.
 *
 * <p>A flyweight holds no data of its own; {@code wrap} re-points it at another record without
 * allocating. Two flyweights are equal when they view the same record of the same store. The
 * protected members are the helpers generated code calls; users call the struct's own
 * accessors.
 *
 * <p><b>Threads.</b> While no thread writes the record or re-points the flyweight ({@code wrap}),
 * any number of threads may call the getters of one flyweight object. The getter of an
 * {@code @Inline} field returns a new view each time, so two results never share one view.
 */
public abstract class Flyweight {
    /**
     * The bits of a header's first eight bytes that identify a record: the type id and the
     * generation, not the version, which a write of a newer field raises.
     */
    private static final long IDENTITY = 0xFFFF_0000_FFFF_FFFFL;

    /** The store that owns the record, or {@code null} before the first {@code wrap}. */
    protected StructStore store;
    /** The store's segment, cached for the accessors. */
    protected MemorySegment segment = MemorySegment.NULL;
    /** Offset of the record's header in {@link #segment}. */
    protected long base;
    /**
     * Offset of the header that says whether the viewed record is live: the record's own, or for
     * an embedded ({@code @Inline}) record, that of the record it is embedded in, which is what
     * is allocated and freed.
     */
    private long header;
    /**
     * The type id and generation that the liveness header held when this flyweight was pointed at
     * the record, as the header's first eight bytes with the version masked out (see {@link
     * #IDENTITY}).
     */
    private long identity;
    /** The store's free counter, cached like {@link #segment}; see {@link #checkLive}. */
    private FreeCounter frees = FreeCounter.uncounted();
    /** {@link FreeCounter#mark()} when this flyweight was pointed at its record. */
    private long freesAtBind = -1;
    /** The largest offset a record fits at; cached because flyweights are re-pointed often. */
    private long limit = -1;

    /** For generated subclasses. */
    protected Flyweight() {}

    /** The descriptor of this flyweight's struct type. */
    public abstract StructType<?> structType();

    /** The offset of the viewed record in its store. */
    public final long offset() {
        return base;
    }

    /** The store that owns the viewed record. */
    public final StructStore store() {
        return store;
    }

    /**
     * The generation the viewed record had when this flyweight was pointed at it (see {@link
     * RecordHeader}): what a reference to it stores. For an embedded record, that of the record
     * it is embedded in.
     */
    public final int generation() {
        return (int) (identity >>> 48);
    }

    /**
     * Whether the viewed record still has the type and generation it had when this flyweight was
     * pointed at it: false once it was freed, once its block holds another record, and once its
     * page was given back to the file system (it reads zeros then). An embedded record is live
     * while the record it is embedded in is.
     */
    public final boolean live() {
        return (segment.get(LittleEndian.LONG, header) & IDENTITY) == identity;
    }

    /**
     * Checks that the viewed record was not freed since this flyweight was pointed at it; every
     * generated accessor calls it first.
     *
     * <p>While the store's {@link FreeCounter} has not moved since this flyweight was pointed at
     * the record, nothing was freed, so the record is live without a look at it: two numbers
     * compared, which in a loop the JIT keeps in registers. Otherwise the header is read and its
     * type id and generation compared with the ones seen then. A record written before generations existed has generation 0, like every
     * block that is not a struct record, so the type id is compared too: a freed page that was
     * given back to the file system reads zeros, type id 0 included, which no struct has.
     *
     * @throws IllegalStateException naming the record's type and offset if it was freed, even if
     *     its block holds a new record now
     */
    protected final void checkLive() {
        if (frees.events != freesAtBind && !live()) {
            throw staleRecord();
        }
    }

    private IllegalStateException staleRecord() {
        int now = RecordHeader.generation(segment, header);
        String what = now == RecordHeader.FREED ? ""
                : RecordHeader.typeId(segment, header) == 0 ? " and its page given back" : " and its block reused";
        String where = header == base ? "" : " (embedded in the record at offset " + header + ")";
        return new IllegalStateException("the " + structType().schemaName() + " record at offset " + base + where
                + " was freed" + what + " while this flyweight still viewed it (use after free): drop flyweights"
                + " and references of a record before freeing it, and those of records allocated since a rollback");
    }

    /**
     * Points this flyweight at the record at {@code offset} of {@code store}.
     *
     * @throws IndexOutOfBoundsException if the record does not fit in the store's segment
     */
    protected final void rebind(StructStore store, long offset) {
        if (store != this.store) {
            bind(store, offset);
            return;
        }
        moveTo(offset);
    }

    /**
     * Binds this flyweight to {@code store}. Fresh flyweights come here directly rather than
     * through {@link #rebind}: if they went through it, the JIT would see its store-changing
     * branch taken and keep it in every loop that re-points a flyweight, and the possible write
     * of {@link #segment} would stop the segment's checks from being hoisted (reads measured
     * 2.3 times slower).
     */
    final void bind(StructStore store, long offset) {
        MemorySegment memory = store.segment();
        this.segment = memory;
        this.limit = memory.byteSize() - structType().size();
        this.frees = store.frees();
        this.store = store;
        checkFits(offset);
        this.freesAtBind = frees.mark();
        this.base = offset;
        this.header = offset;
        this.identity = segment.get(LittleEndian.LONG, offset) & IDENTITY;
    }

    private void moveTo(long offset) {
        try {
            // The JIT hoists this check out of a loop that re-points the flyweight, as it does the
            // segment's own; a comparison written out here would stay in the loop.
            Objects.checkIndex(offset, limit + 1);
        } catch (IndexOutOfBoundsException e) {
            checkFits(offset);
        }
        // Stored only when the count moved, so that a loop over records does not store it; the
        // test is the one checkLive makes (any other test here made counted reads 1.17 times
        // hand-written). An uncounted store's mark never changes, so it is not stored again: a
        // store on every re-point made header-checked reads 2.3 times hand-written.
        if (frees.events != freesAtBind) {
            long mark = frees.mark();
            if (mark != freesAtBind) {
                freesAtBind = mark;
            }
        }
        this.base = offset;
        this.header = offset;
        this.identity = segment.get(LittleEndian.LONG, offset) & IDENTITY;
    }

    private void checkFits(long offset) {
        if (offset < 0 || offset > limit) {
            throw new IndexOutOfBoundsException(
                    "a " + structType().size() + "-byte record at offset " + offset
                            + " does not fit in a store of " + segment.byteSize() + " bytes");
        }
    }

    /**
     * Points {@code view} at the record embedded at {@code offset} in the record {@code owner}
     * views, and returns it: the getter of an {@code @Inline} field calls it on a new view. The
     * view is live as long as the owner's record is, the record that was allocated and is freed.
     */
    protected static <F extends Flyweight> F embedded(F view, Flyweight owner, long offset) {
        Flyweight target = view;
        MemorySegment memory = owner.segment;
        target.segment = memory;
        target.limit = memory.byteSize() - target.structType().size();
        target.checkFits(offset);
        target.frees = owner.frees;
        target.store = owner.store;
        target.base = offset;
        target.header = owner.header;
        target.identity = owner.identity;
        target.freesAtBind = owner.freesAtBind;
        return view;
    }

    /**
     * Writes the headers of the records embedded ({@code @Inline}) in a new record and marks them
     * dirty; {@link StructType#initialize} calls it after writing the record's own header.
     * Generated flyweights of structs with embedded records override it.
     */
    protected void initializeEmbedded() {}

    /** The schema version the viewed record was last written with. */
    protected final int recordVersion() {
        return RecordHeader.version(segment, base);
    }

    /** Raises the record's version to {@code version} when a newer field is written. */
    protected final void upgradeTo(int version) {
        if (recordVersion() < version) {
            segment.set(LittleEndian.SHORT, base + RecordHeader.VERSION, (short) version);
            store.markDirty(base + RecordHeader.VERSION, 2);
        }
    }

    /**
     * What a generated accessor throws when it failed with {@code failure}: after the heap was
     * closed, an exception naming the heap rather than the mapping's bare "Already closed".
     */
    protected final RuntimeException accessFailure(IllegalStateException failure) {
        return store == null ? failure : store.accessFailure(failure);
    }

    /** Checks an array index, naming the field in the message. */
    protected static int checkIndex(int index, int length, String field) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(
                    field + ": index " + index + " out of bounds for length " + length);
        }
        return index;
    }

    /** Decodes a stored enum code: {@code 0} is {@code null}, else ordinal + 1. */
    protected static <E extends Enum<E>> E enumOf(E[] constants, int code, String field) {
        if (code == 0) {
            return null;
        }
        if (code < 0 || code > constants.length) {
            throw new IllegalStateException(
                    field + ": stored code " + code + " is not a constant of "
                            + constants.getClass().getComponentType().getName());
        }
        return constants[code - 1];
    }

    /** Encodes an enum constant for storage. */
    protected static int enumCode(Enum<?> value) {
        return value == null ? 0 : value.ordinal() + 1;
    }

    /** Reads an inline UTF-8 string: a 2-byte length, then the bytes. */
    protected final String readFixedString(long offset, int maxBytes) {
        long at = base + offset;
        int length = Short.toUnsignedInt(segment.get(LittleEndian.SHORT, at));
        if (length > maxBytes) {
            throw new IllegalStateException(
                    "stored string length " + length + " exceeds its limit of " + maxBytes
                            + " bytes at offset " + at);
        }
        byte[] bytes = new byte[length];
        MemorySegment.copy(segment, LittleEndian.BYTE, at + 2, bytes, 0, length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Writes an inline UTF-8 string and marks the bytes it wrote. A fixed string is never null:
     * it reads {@code ""} until it is set.
     *
     * @throws NullPointerException if {@code value} is null; the message says what to store instead
     * @throws IllegalArgumentException if the encoded value is longer than {@code maxBytes}
     */
    protected final void writeFixedString(long offset, int maxBytes, String value, String field) {
        if (value == null) {
            throw nullFixedString(field, maxBytes);
        }
        writeFixedStringValue(offset, maxBytes, value, field, -1);
    }

    /** {@link #writeFixedString(long, int, String, String)} for element {@code index} of an array. */
    protected final void writeFixedString(long offset, int maxBytes, String value, String field, int index) {
        if (value == null) {
            throw nullFixedString(field + "[" + index + "]", maxBytes);
        }
        writeFixedStringValue(offset, maxBytes, value, field, index);
    }

    private static NullPointerException nullFixedString(String field, int maxBytes) {
        return new NullPointerException(field + ": a @FixedString(" + maxBytes + ") field cannot hold null; it reads"
                + " \"\" until it is set, so store \"\" to clear it (a String field without @FixedString holds null)");
    }

    /** @param index the array element written, or -1 for a field that is no array */
    private void writeFixedStringValue(long offset, int maxBytes, String value, String field, int index) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException(
                    field + (index < 0 ? "" : "[" + index + "]") + ": \"" + abbreviate(value) + "\" is " + bytes.length
                            + " bytes in UTF-8, more than the limit of " + maxBytes);
        }
        long at = base + offset;
        segment.set(LittleEndian.SHORT, at, (short) bytes.length);
        MemorySegment.copy(bytes, 0, segment, LittleEndian.BYTE, at + 2, bytes.length);
        store.markDirty(at, 2L + bytes.length);
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }

    /** A stored reference as generated {@code toString} methods show it: {@code null}, or {@code @offset}. */
    protected static String referenceText(long reference) {
        return reference == 0 ? "null" : "@" + Reference.offset(reference);
    }

    @Override
    public final boolean equals(Object other) {
        return other instanceof Flyweight that
                && that.getClass() == getClass()
                && that.store == store
                && that.base == base
                && that.identity == identity;
    }

    @Override
    public final int hashCode() {
        return Long.hashCode(base) * 31 + getClass().hashCode();
    }
}
