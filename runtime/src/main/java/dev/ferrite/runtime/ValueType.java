package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.ValueKind;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.StructType;
import java.util.Objects;

/**
 * What a {@link PersistentSortedMap} stores under each key, or a {@link PersistentList} in each
 * element; fixed when the collection is created and checked whenever it is opened.
 *
 * <ul>
 *   <li>{@link #LONG}: a {@code long}, boxed as {@link Long} in the generic methods; the
 *       collections have primitive methods ({@code getLong}, {@code putLong}, {@code addLong})
 *       that do not box.
 *   <li>{@link #DOUBLE}: a {@code double}, boxed as {@link Double} in the generic methods, with
 *       primitive methods that do not box, as for longs ({@code getDouble} and {@code putDouble}
 *       on maps; {@code addDouble}, {@code getDouble} and {@code setDouble} on lists).
 *       Every {@code double} is stored bit for bit, {@code NaN} and {@code -0.0} included. {@code
 *       null} is refused, as for longs.
 *   <li>{@link #STRING}: a {@link String}, stored as UTF-8 and owned by the collection: replacing
 *       a value frees the old string, and removing or clearing entries frees theirs. A sorted map
 *       keeps a string of up to 1,000 bytes in the leaf beside its key, so that a map of short
 *       strings takes little more than their bytes; a longer string, and every string of a list
 *       (or of a map created by a release before this format), takes a heap block of its own.
 *       {@code null} is allowed and takes no bytes. Strings are copied in and out: a string read
 *       from a collection is a new {@code String}, unaffected by later changes.
 *   <li>{@link #reference(Class)}: a reference to a struct record that the collection does not
 *       own; callers pass and get flyweights, {@code null} is allowed. Freeing the record while a
 *       collection still refers to it leaves a dangling reference, as with any reference field.
 *   <li>{@link #struct(Class)}: a struct record owned by the map: created by {@code getOrCreate},
 *       freed by {@code remove} and {@code clear}. Maps only.
 * </ul>
 *
 * @param <V> the Java type of the values
 */
public final class ValueType<V> {
    /** Plain {@code long} values. */
    public static final ValueType<Long> LONG = new ValueType<>(ValueKind.LONG, null);
    /** Plain {@code double} values. */
    public static final ValueType<Double> DOUBLE = new ValueType<>(ValueKind.DOUBLE, null);
    /** Heap strings owned by the collection; {@code null} allowed. */
    public static final ValueType<String> STRING = new ValueType<>(ValueKind.STRING, null);

    private final ValueKind kind;
    private final StructType<V> struct;

    private ValueType(ValueKind kind, StructType<V> struct) {
        this.kind = kind;
        this.struct = struct;
    }

    /**
     * References to records of the {@code @PersistentStruct} interface {@code struct}, not owned.
     *
     * @throws IllegalArgumentException if {@code struct} has no generated flyweight
     */
    public static <T> ValueType<T> reference(Class<T> struct) {
        return new ValueType<>(ValueKind.REFERENCE, StructType.of(Objects.requireNonNull(struct, "struct")));
    }

    /**
     * Records of the {@code @PersistentStruct} interface {@code struct}, owned by the map.
     *
     * @throws IllegalArgumentException if {@code struct} has no generated flyweight
     */
    public static <T> ValueType<T> struct(Class<T> struct) {
        return new ValueType<>(ValueKind.STRUCT, StructType.of(Objects.requireNonNull(struct, "struct")));
    }

    ValueKind kind() {
        return kind;
    }

    /** The struct type of reference and struct values; {@code null} for the others. */
    StructType<V> structType() {
        return struct;
    }

    /** The type id stored in a collection's header: the struct's, or 0 for values of no struct. */
    int typeId() {
        return struct == null ? 0 : struct.typeId();
    }

    /**
     * The payload that stores {@code value}, checked before the collection changes; for string
     * values a new string block, which the caller must store or free.
     *
     * @param what "value" or "element", for messages
     * @throws NullPointerException if {@code value} is {@code null} and the values are numbers
     * @throws ClassCastException if {@code value} is not a {@code V}
     * @throws IllegalArgumentException if a reference is to a record of another heap or type
     * @throws UnsupportedOperationException for owned struct values, which the map creates
     */
    long payloadOf(BlockHeap heap, Object value, String what) {
        return switch (kind) {
            case LONG -> (Long) Objects.requireNonNull(value, () -> nullNumber(what, "long"));
            case DOUBLE -> Double.doubleToRawLongBits((Double) Objects.requireNonNull(value, () -> nullNumber(what, "double")));
            case REFERENCE -> heap.referenceTo(value, struct);
            case STRING -> heap.replaceString(0, (String) value);
            case STRUCT -> throw new UnsupportedOperationException(
                    "the collection creates its own " + this + ": a " + what + " cannot be given");
        };
    }

    private static String nullNumber(String what, String type) {
        return what + " is null; " + type + " " + what + "s cannot be null";
    }

    /** The value a payload stores: a new object for each call. */
    @SuppressWarnings("unchecked")
    V valueOf(BlockHeap heap, long payload) {
        return switch (kind) {
            case LONG -> (V) Long.valueOf(payload);
            case DOUBLE -> (V) Double.valueOf(Double.longBitsToDouble(payload));
            case STRING -> (V) heap.readString(payload);
            case REFERENCE, STRUCT -> heap.dereference(payload, struct);
        };
    }

    /**
     * Frees what a payload leaving the collection owns: an owned struct record or a string. Read
     * the value first if it is wanted: afterwards the payload points at a freed block.
     */
    void release(BlockHeap heap, long payload) {
        if (payload == 0) {
            return;
        }
        switch (kind) {
            case STRUCT -> heap.free(payload);
            case STRING -> heap.replaceString(payload, null);
            case LONG, DOUBLE, REFERENCE -> {
                // the collection owns nothing outside the payload
            }
        }
    }

    /** How a header with value kind {@code kind} and type id {@code typeId} is described in messages. */
    static String describe(ValueKind kind, int typeId) {
        return switch (kind) {
            case LONG -> "long values";
            case DOUBLE -> "double values";
            case STRING -> "string values";
            case REFERENCE -> "reference values (type id 0x" + Integer.toHexString(typeId) + ")";
            case STRUCT -> "struct values (type id 0x" + Integer.toHexString(typeId) + ")";
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LONG, DOUBLE, STRING -> describe(kind, 0);
            case REFERENCE -> "reference values (" + struct.schemaName() + ", type id 0x"
                    + Integer.toHexString(struct.typeId()) + ")";
            case STRUCT -> "struct values (" + struct.schemaName() + ", type id 0x"
                    + Integer.toHexString(struct.typeId()) + ")";
        };
    }
}
