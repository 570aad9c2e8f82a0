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
 */
public record FieldDescriptor(
        String name,
        FieldKind kind,
        long offset,
        long elementSize,
        int length,
        int since,
        String target,
        List<String> constants) {

    public FieldDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        constants = List.copyOf(constants);
    }

    /** A scalar field of version 1 with no target. */
    public static FieldDescriptor of(String name, FieldKind kind, long offset, long elementSize) {
        return new FieldDescriptor(name, kind, offset, elementSize, 1, 1, "", List.of());
    }

    /** This field as an array of {@code length} elements. */
    public FieldDescriptor array(int length) {
        return new FieldDescriptor(name, kind, offset, elementSize, length, since, target, constants);
    }

    /** This field as added in schema version {@code version}. */
    public FieldDescriptor since(int version) {
        return new FieldDescriptor(name, kind, offset, elementSize, length, version, target, constants);
    }

    /** This field pointing at, or embedding, the struct or enum named {@code name}. */
    public FieldDescriptor target(String name) {
        return new FieldDescriptor(this.name, kind, offset, elementSize, length, since, name, constants);
    }

    /** This enum field with its constants in ordinal order. */
    public FieldDescriptor constants(List<String> names) {
        return new FieldDescriptor(name, kind, offset, elementSize, length, since, target, names);
    }

    /** Bytes the whole field occupies. */
    public long byteSize() {
        return elementSize * length;
    }
}
