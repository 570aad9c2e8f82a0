package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.util.List;
import java.util.Optional;

/**
 * What the migration does to one stored type, decided from two schema documents.
 *
 * @param stored the layout in the heap's catalog
 * @param target the layout migrated to
 * @param compiled the compiled type of {@code target}, which writes the new records; empty when
 *     the target was read from a schema folder, and the migration can only be planned
 * @param action what happens to the records
 * @param mappings for {@link TypeAction#REWRITE}: the new fields filled from old ones
 * @param hooked whether a hook computes the rest
 * @param changes one line per field change, for the plan
 * @param storedOwned the old fields holding heap strings or collections, which the record owns
 * @param targetOwned the new fields holding heap strings or collections
 */
record TypeMigration(SchemaDocument stored, SchemaDocument target, Optional<StructType<?>> compiled, TypeAction action, List<FieldMapping> mappings,
        boolean hooked, List<String> changes, List<FieldDescriptor> storedOwned,
        List<FieldDescriptor> targetOwned) {

    TypeMigration {
        mappings = List.copyOf(mappings);
        changes = List.copyOf(changes);
        storedOwned = List.copyOf(storedOwned);
        targetOwned = List.copyOf(targetOwned);
    }

    static TypeMigration of(SchemaDocument stored, SchemaDocument target, Optional<StructType<?>> compiled,
            TypeAction action, List<FieldMapping> mappings, boolean hooked, List<String> changes) {
        return new TypeMigration(stored, target, compiled, action, mappings, hooked, changes, owned(stored.fields()),
                owned(target.fields()));
    }

    private static List<FieldDescriptor> owned(List<FieldDescriptor> fields) {
        return fields.stream().filter(field -> field.kind() == FieldKind.STRING || field.isCollection()).toList();
    }
}
