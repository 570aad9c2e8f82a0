package dev.ferrite.processor.model;

import dev.ferrite.runtime.struct.FieldChange;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The renames and removals a struct declares ({@code @RenamedFrom}, {@code @RemovedField}): what
 * the check against exported versions accepts, and what a migration applies.
 *
 * @param renames the previous names of each renamed field, by its current name
 * @param removals in declaration order
 */
public record Evolution(Map<String, List<FieldChange>> renames, List<FieldChange> removals) {
    /** A struct that declares no renames or removals. */
    public static final Evolution NONE = new Evolution(Map.of(), List.of());

    public Evolution {
        renames = renames.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        removals = List.copyOf(removals);
    }

    /** The current name of the field that was called {@code oldName} in version {@code version}. */
    public Optional<String> renamedInto(String oldName, int version) {
        return renames.entrySet().stream()
                .filter(field -> field.getValue().stream()
                        .anyMatch(rename -> rename.name().equals(oldName) && rename.since() > version))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    /** Whether the field called {@code name} in version {@code version} was removed after it. */
    public boolean removedAfter(String name, int version) {
        return removals.stream().anyMatch(removal -> removal.name().equals(name) && removal.since() > version);
    }

    /** Whether a rename or removal happened after {@code version}: its records must then be migrated. */
    public boolean changedAfter(int version) {
        return removals.stream().anyMatch(removal -> removal.since() > version)
                || renames.values().stream().flatMap(List::stream).anyMatch(rename -> rename.since() > version);
    }
}
