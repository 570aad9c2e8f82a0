package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.Migration.Action;
import dev.ferrite.runtime.MigrationHook;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
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
 * @param storedStrings the old fields holding heap strings, which the record owns
 * @param compiledStrings the new fields holding heap strings
 */
record TypeMigration(TypeEntry stored, StructType<?> compiled, Action action, List<FieldMapping> mappings,
        MigrationHook hook, List<String> changes, List<FieldDescriptor> storedStrings,
        List<FieldDescriptor> compiledStrings) {

    TypeMigration {
        mappings = List.copyOf(mappings);
        changes = List.copyOf(changes);
        storedStrings = List.copyOf(storedStrings);
        compiledStrings = List.copyOf(compiledStrings);
    }

    static TypeMigration of(TypeEntry stored, StructType<?> compiled, Action action, List<FieldMapping> mappings,
            MigrationHook hook, List<String> changes) {
        return new TypeMigration(stored, compiled, action, mappings, hook, changes, strings(stored.fields()),
                strings(compiled.fields()));
    }

    private static List<FieldDescriptor> strings(List<FieldDescriptor> fields) {
        return fields.stream().filter(field -> field.kind() == FieldKind.STRING).toList();
    }
}
