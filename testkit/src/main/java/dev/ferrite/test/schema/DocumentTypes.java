package dev.ferrite.test.schema;

import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemoryLayout;

/** Struct types built from exported schema documents, for writing records of versions no class describes any more. */
public final class DocumentTypes {
    private DocumentTypes() {}

    /**
     * The type of {@code schema}'s records.
     *
     * @throws IllegalArgumentException if it has {@code @Inline} fields, whose embedded headers
     *     name a version of another struct that the document does not give
     */
    public static StructType<?> of(SchemaDocument schema) {
        for (FieldDescriptor field : schema.fields()) {
            if (field.kind() == FieldKind.INLINE) {
                throw new IllegalArgumentException(schema.schemaName() + " version " + schema.version()
                        + " has the @Inline field " + field.name() + ": records with inline structs cannot be"
                        + " created from their schema");
            }
        }
        StructType<?>[] self = new StructType<?>[1];
        self[0] = new StructType<>(DocumentRecord.class, schema.schemaName(), schema.typeId(), schema.version(),
                schema.size(), MemoryLayout.structLayout(MemoryLayout.paddingLayout(schema.size())), schema.fields(),
                () -> new DocumentRecord(self[0]));
        return self[0];
    }
}
