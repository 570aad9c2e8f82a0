package dev.ferrite.runtime.struct;

import java.util.List;
import java.util.Objects;

/**
 * One field of a persistent struct as laid out in its records.
 *
 * @param name the accessor's field name
 * @param kind what the field stores
 * @param offset byte offset of the field from the start of the record
 * @param elementSize bytes of one element (the whole field unless it is an array)
 * @param length number of elements: 1, or the {@code @Array} length
 * @param since the schema version that added the field
 * @param target for references and inline structs the target's schema name, for enums the
 *     enum's binary class name, otherwise empty
 * @param constants for enums the constant names in ordinal order, otherwise empty
 * @param keys for a sorted map field the type of its keys ({@code long}, {@code int}, {@code
 *     String}, {@code UUID}, {@code byte[]}, or {@code enum} and the enum's binary name),
 *     otherwise empty
 * @param values for a sorted map or list field the type of its values or elements ({@code long},
 *     {@code double}, {@code String}, or {@code reference} or {@code struct} with the struct's
 *     schema name as {@code target}), otherwise empty
 */
public record FieldDescriptor(
        String name,
        FieldKind kind,
        long offset,
        long elementSize,
        int length,
        int since,
        String target,
        List<String> constants,
        String keys,
        String values) {

    public FieldDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        constants = List.copyOf(constants);
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
    }

    /** A field that is no collection: no key or value types. */
    public FieldDescriptor(String name, FieldKind kind, long offset, long elementSize, int length, int since,
            String target, List<String> constants) {
        this(name, kind, offset, elementSize, length, since, target, constants, "", "");
    }

    /** A scalar field of version 1 with no target. */
    public static FieldDescriptor of(String name, FieldKind kind, long offset, long elementSize) {
        return new FieldDescriptor(name, kind, offset, elementSize, 1, 1, "", List.of());
    }

    /** This field as an array of {@code length} elements. */
    public FieldDescriptor array(int length) {
        return new FieldDescriptor(name, kind, offset, elementSize, length, since, target, constants, keys, values);
    }

    /** This field as added in schema version {@code version}. */
    public FieldDescriptor since(int version) {
        return new FieldDescriptor(name, kind, offset, elementSize, length, version, target, constants, keys, values);
    }

    /** This field pointing at, or embedding, the struct or enum named {@code name}. */
    public FieldDescriptor target(String name) {
        return new FieldDescriptor(this.name, kind, offset, elementSize, length, since, name, constants, keys, values);
    }

    /** This enum field with its constants in ordinal order. */
    public FieldDescriptor constants(List<String> names) {
        return new FieldDescriptor(name, kind, offset, elementSize, length, since, target, names, keys, values);
    }

    /**
     * This collection field with keys of type {@code keys} (empty for a list) and values of type
     * {@code values}, named as the record's components document.
     */
    public FieldDescriptor collection(String keys, String values) {
        return new FieldDescriptor(name, kind, offset, elementSize, length, since, target, constants, keys, values);
    }

    /** Whether the field holds the handle of a collection the record owns. */
    public boolean isCollection() {
        return kind == FieldKind.SORTED_MAP || kind == FieldKind.LIST;
    }

    /** Bytes the whole field occupies. */
    public long byteSize() {
        return elementSize * length;
    }
}
