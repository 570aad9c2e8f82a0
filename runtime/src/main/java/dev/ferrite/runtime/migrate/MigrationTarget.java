package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.struct.StructType;
import java.util.Objects;
import java.util.Optional;

/**
 * A layout to migrate a type to: its exported schema document, and the compiled type that
 * writes records of it when the migration runs ({@link CompiledTargets}). A target read from an exported schema folder has no compiled
 * type and can only be planned.
 *
 * @param document the target layout
 * @param compiled the compiled type of {@code document}, or empty
 */
public record MigrationTarget(SchemaDocument document, Optional<StructType<?>> compiled) {

    public MigrationTarget {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(compiled, "compiled");
    }

    /** A target known only by its document: it can be planned, not run. */
    public static MigrationTarget of(SchemaDocument document) {
        return new MigrationTarget(document, Optional.empty());
    }
}
