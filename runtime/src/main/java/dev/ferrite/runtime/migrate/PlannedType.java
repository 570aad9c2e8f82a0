package dev.ferrite.runtime.migrate;

import java.util.List;

/**
 * The decision for one stored type with its records counted: what {@code Migration.TypePlan}
 * shows users.
 *
 * @param schemaName the type's schema name
 * @param storedVersion the version in the heap's catalog
 * @param targetVersion the version migrated to
 * @param action what happens to its records
 * @param records the number of its records
 * @param relocated how many of them move to a new block
 * @param bytesWritten bytes of records written
 * @param changes one line per field change
 */
public record PlannedType(String schemaName, int storedVersion, int targetVersion, TypeAction action, long records,
        long relocated, long bytesWritten, List<String> changes) {
    public PlannedType {
        changes = List.copyOf(changes);
    }
}
