package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.Migration.Action;
import dev.ferrite.runtime.MigrationHook;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.StructType;
import java.util.List;

/**
 * What the migration does to one stored type.
 *
 * @param stored the layout in the heap's catalog
 * @param compiled the layout migrated to
 * @param action what happens to the records
 * @param mappings for {@link Action#REWRITE}: the new fields filled from old ones
 * @param hook computes the rest, or {@code null}
 * @param changes one line per field change, for the plan
 */
record TypeMigration(TypeEntry stored, StructType<?> compiled, Action action, List<FieldMapping> mappings,
        MigrationHook hook, List<String> changes) {

    TypeMigration {
        mappings = List.copyOf(mappings);
        changes = List.copyOf(changes);
    }

    /** The old fields that hold heap strings, whose blocks the record owns. */
    List<FieldDescriptor> storedStrings() {
        return stored.fields().stream().filter(f -> f.kind() == dev.ferrite.runtime.struct.FieldKind.STRING).toList();
    }
}
