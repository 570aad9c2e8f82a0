package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Optional;

/**
 * The key and value types that a collection field's descriptor names ({@link
 * FieldDescriptor#keys()}, {@link FieldDescriptor#values()}), as the codes a collection's header
 * stores: so that tools can check that the collection a field holds is the one its schema says,
 * without the application's classes. Value types are the {@link ValueKind} of the same name
 * ({@code long}, {@code reference}, {@code struct}...); a key type the collections gain is one
 * line in the table here.
 */
public final class CollectionFieldTypes {
    private static final Map<String, Integer> KEYS = Map.of(
            "long", KeyFormat.LONG,
            "String", KeyFormat.STRING,
            "int", KeyFormat.INT,
            "UUID", KeyFormat.UUID,
            "byte[]", KeyFormat.BYTES);
    /** How schemas begin the name of enum keys: {@code enum com.acme.Color}. */
    private static final String ENUM_KEYS = "enum ";

    private CollectionFieldTypes() {}

    /**
     * What is wrong with the collection at {@code handle} as the content of {@code field}, or empty
     * if it is a collection of the field's kind with the field's key and value types.
     */
    public static Optional<String> mismatch(MemorySegment segment, long handle, FieldDescriptor field) {
        Integer keys = field.keys() != null && field.keys().startsWith(ENUM_KEYS) ? Integer.valueOf(KeyFormat.ENUM)
                : KEYS.get(field.keys());
        ValueKind values = valueKind(field.values());
        int typeId = values == ValueKind.REFERENCE || values == ValueKind.STRUCT ? StructType.typeIdOf(field.target()) : 0;
        String wanted = (field.kind() == FieldKind.SORTED_MAP ? "a sorted map of " + field.keys() + " keys and "
                : "a list of ") + describe(field);
        if (values == null || (field.kind() == FieldKind.SORTED_MAP && keys == null)) {
            return Optional.of("the schema names " + wanted + ", which this version of Ferrite does not know");
        }
        try {
            if (field.kind() == FieldKind.SORTED_MAP) {
                MapHeader found = MapHeader.read(segment, handle);
                if (found.keyCode() != keys || found.values() != values || found.valueTypeId() != typeId) {
                    return Optional.of("holds a sorted map with key code " + found.keyCode() + ", " + found.values()
                            + " values of type id 0x" + Integer.toHexString(found.valueTypeId()) + ", not " + wanted);
                }
            } else {
                ChunkedList.Description found = ChunkedList.describe(segment, handle);
                if (found.values() != values || found.typeId() != typeId) {
                    return Optional.of("holds a list of " + found.values() + " elements of type id 0x"
                            + Integer.toHexString(found.typeId()) + ", not " + wanted);
                }
            }
        } catch (RuntimeException e) {
            return Optional.of("holds no " + (field.kind() == FieldKind.SORTED_MAP ? "sorted map" : "list") + ": "
                    + e.getMessage());
        }
        return Optional.empty();
    }

    private static ValueKind valueKind(String values) {
        for (ValueKind kind : ValueKind.values()) {
            if (kind.name().equalsIgnoreCase(values)) {
                return kind;
            }
        }
        return null;
    }

    private static String describe(FieldDescriptor field) {
        return field.values() + " values" + (field.target().isEmpty() ? "" : " of " + field.target());
    }
}
