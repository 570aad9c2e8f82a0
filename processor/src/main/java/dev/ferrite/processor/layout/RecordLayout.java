package dev.ferrite.processor.layout;

import dev.ferrite.processor.model.FieldModel;
import dev.ferrite.processor.model.StructModel;
import java.util.List;
import java.util.Objects;

/**
 * The computed layout of a struct's records.
 *
 * @param struct the struct
 * @param size bytes per record, header and padding included; a multiple of 8
 * @param endOfFirstVersion the first offset after the fields of version 1
 * @param slots one slot per field, in layout order (by version, then declaration order)
 * @param regions the whole record from offset 0 to {@code size}, without gaps
 */
public record RecordLayout(
        StructModel struct, long size, long endOfFirstVersion, List<Slot> slots, List<Region> regions) {

    public RecordLayout {
        Objects.requireNonNull(struct, "struct");
        slots = List.copyOf(slots);
        regions = List.copyOf(regions);
    }

    /** The slot of {@code field}. */
    public Slot slotOf(FieldModel field) {
        for (Slot slot : slots) {
            if (slot.field().equals(field)) {
                return slot;
            }
        }
        throw new IllegalArgumentException(struct.schemaName() + " has no field " + field.name());
    }

    /** The slot of the field called {@code name}. */
    public Slot slot(String name) {
        for (Slot slot : slots) {
            if (slot.field().name().equals(name)) {
                return slot;
            }
        }
        throw new IllegalArgumentException(struct.schemaName() + " has no field " + name);
    }
}
