package dev.ferrite.processor.model;

import dev.ferrite.runtime.struct.StructType;
import java.util.List;
import java.util.Objects;

/**
 * A validated {@code @PersistentStruct} interface: everything the layout and the writer need,
 * with no reference to {@code javax.lang.model}.
 *
 * @param type the annotated interface
 * @param schemaName the stable schema name stored in heaps
 * @param version the schema version of the declaration
 * @param reserve spare bytes after the fields of version 1
 * @param fields the fields in declaration order
 * @param deprecated whether the interface is {@code @Deprecated}, so that its flyweight must be
 *     too
 * @param evolution the renames and removals it declares
 */
public record StructModel(
        TypeRef type,
        String schemaName,
        int version,
        int reserve,
        List<FieldModel> fields,
        boolean deprecated,
        Evolution evolution) {

    public StructModel {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schemaName, "schemaName");
        fields = List.copyOf(fields);
        Objects.requireNonNull(evolution, "evolution");
        if (version < 1 || reserve < 0) {
            throw new IllegalArgumentException(schemaName + ": version " + version + ", reserve " + reserve);
        }
    }

    /** A struct that declares no renames or removals. */
    public StructModel(
            TypeRef type, String schemaName, int version, int reserve, List<FieldModel> fields, boolean deprecated) {
        this(type, schemaName, version, reserve, fields, deprecated, Evolution.NONE);
    }

    /** The type id stored in every record header. */
    public int typeId() {
        return StructType.typeIdOf(schemaName);
    }
}
