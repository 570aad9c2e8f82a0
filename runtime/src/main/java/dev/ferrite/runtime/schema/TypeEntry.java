package dev.ferrite.runtime.schema;

import dev.ferrite.runtime.schema.document.SchemaDocument;
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

    /** The entry of {@code document}: its layout, without reserve, renames or removals. */
    public static TypeEntry of(SchemaDocument document) {
        return new TypeEntry(document.schemaName(), document.typeId(), document.version(), document.size(),
                document.fields());
    }

    /** This entry as a schema document: reserve 0, no renames or removals. */
    public SchemaDocument document() {
        return SchemaDocument.stored(schemaName, typeId, version, size, fields);
    }

    /** The entry describing a compiled struct. */
    public static TypeEntry of(StructType<?> type) {
        return new TypeEntry(type.schemaName(), type.typeId(), type.version(), type.size(), type.fields());
    }

    /** The field called {@code name}, if there is one. */
    public Optional<FieldDescriptor> field(String name) {
        return fields.stream().filter(field -> field.name().equals(name)).findFirst();
    }

    /**
     * Why records stored as this entry cannot be read through {@code compiled} as they are, or
     * empty when they can: the record size must not change, and every stored field must still be
     * there unchanged but for appended enum constants ({@link SchemaDocument#fieldChange}).
     */
    public Optional<String> incompatibilityWith(TypeEntry compiled) {
        if (compiled.size != size) {
            return Optional.of("records are " + size + " bytes in the heap, " + compiled.size + " compiled");
        }
        for (FieldDescriptor stored : fields) {
            Optional<FieldDescriptor> now = compiled.fields.stream().filter(f -> f.name().equals(stored.name())).findFirst();
            Optional<String> change = now.isEmpty() ? Optional.of("it was removed")
                    : SchemaDocument.fieldChange(stored, now.get(), false);
            if (change.isPresent()) {
                return Optional.of("field " + stored.name() + ": " + change.get());
            }
        }
        return Optional.empty();
    }
}
