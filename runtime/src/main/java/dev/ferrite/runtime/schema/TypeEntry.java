package dev.ferrite.runtime.schema;

import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.StructType;
import java.util.List;
import java.util.Optional;

/**
 * A struct type as the heap's catalog stores it: enough to read and check its records without
 * the application's classes.
 *
 * @param schemaName the stable name of the struct
 * @param typeId the id in the header of its records
 * @param version the newest schema version whose records the heap may hold
 * @param size bytes per record
 * @param fields the fields of that version, in layout order
 */
public record TypeEntry(String schemaName, int typeId, int version, long size, List<FieldDescriptor> fields) {

    public TypeEntry {
        fields = List.copyOf(fields);
    }

    /** The entry describing a compiled struct. */
    public static TypeEntry of(StructType<?> type) {
        return new TypeEntry(type.schemaName(), type.typeId(), type.version(), type.size(), type.fields());
    }

    /**
     * Why records stored as this entry cannot be read through {@code compiled} as they are, or
     * empty when they can: every stored field must still be there, at the same offset, of the
     * same kind, size, length and target, and the record size must not change.
     */
    public Optional<String> incompatibilityWith(TypeEntry compiled) {
        if (compiled.size != size) {
            return Optional.of("records are " + size + " bytes in the heap, " + compiled.size + " compiled");
        }
        for (FieldDescriptor stored : fields) {
            FieldDescriptor now = compiled.fields.stream()
                    .filter(f -> f.name().equals(stored.name()))
                    .findFirst()
                    .orElse(null);
            if (now == null) {
                return Optional.of("field " + stored.name() + " was removed");
            }
            if (now.offset() != stored.offset()) {
                return Optional.of("field " + stored.name() + " moved from offset " + stored.offset() + " to " + now.offset());
            }
            if (now.kind() != stored.kind() || now.elementSize() != stored.elementSize()
                    || now.length() != stored.length() || !now.target().equals(stored.target())) {
                return Optional.of("field " + stored.name() + " changed from " + describe(stored) + " to " + describe(now));
            }
            if (now.constants().size() < stored.constants().size()
                    || !now.constants().subList(0, stored.constants().size()).equals(stored.constants())) {
                return Optional.of("enum field " + stored.name() + " changed its constants from "
                        + stored.constants() + " to " + now.constants());
            }
        }
        return Optional.empty();
    }

    private static String describe(FieldDescriptor field) {
        return field.kind() + "(" + field.elementSize() + " bytes"
                + (field.length() == 1 ? "" : " x " + field.length())
                + (field.target().isEmpty() ? "" : " " + field.target()) + ")";
    }
}
