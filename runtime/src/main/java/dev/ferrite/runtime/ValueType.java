package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.ValueKind;
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

    /** The struct type of reference and struct values; {@code null} for long values. */
    StructType<V> structType() {
        return struct;
    }

    /** The type id stored in a collection's header: the struct's, or 0 for long values. */
    int typeId() {
        return struct == null ? 0 : struct.typeId();
    }

    /** How a header with value kind {@code kind} and type id {@code typeId} is described in messages. */
    static String describe(ValueKind kind, int typeId) {
        return switch (kind) {
            case LONG -> "long values";
            case REFERENCE -> "reference values (type id 0x" + Integer.toHexString(typeId) + ")";
            case STRUCT -> "struct values (type id 0x" + Integer.toHexString(typeId) + ")";
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LONG -> "long values";
            case REFERENCE -> "reference values (" + struct.schemaName() + ", type id 0x"
                    + Integer.toHexString(struct.typeId()) + ")";
            case STRUCT -> "struct values (" + struct.schemaName() + ", type id 0x"
                    + Integer.toHexString(struct.typeId()) + ")";
        };
    }
}
