package dev.ferrite.processor.model;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a struct, as declared by its accessors.
 *
 * @param name the field name (the record-style accessor name, or the decapitalized JavaBeans
 *     property name)
 * @param type what one element stores
 * @param arrayLength the {@code @Array} length, or {@code 0} for a scalar field
 * @param since the schema version that added the field, 1 unless {@code @Since} says otherwise
 * @param getter the getter's method name
 * @param setter the setter's method name, empty for a read-only field
 * @param chainedSetter whether the setter returns the struct interface instead of {@code void}
 * @param deprecated whether the getter or the setter is {@code @Deprecated}, so that their
 *     implementations must be too
 */
public record FieldModel(
        String name,
        FieldType type,
        int arrayLength,
        int since,
        String getter,
        Optional<String> setter,
        boolean chainedSetter,
        boolean deprecated) {

    public FieldModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(getter, "getter");
        Objects.requireNonNull(setter, "setter");
        if (arrayLength < 0 || since < 1) {
            throw new IllegalArgumentException(name + ": array length " + arrayLength + ", since " + since);
        }
    }

    /** Whether the field is an {@code @Array} of elements. */
    public boolean isArray() {
        return arrayLength > 0;
    }

    /** The number of elements: the array length, or 1. */
    public int elementCount() {
        return isArray() ? arrayLength : 1;
    }
}
