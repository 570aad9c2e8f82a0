package dev.ferrite.cli;

import dev.ferrite.runtime.HeapInfo;
import dev.ferrite.runtime.SchemaFileException;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.schema.document.SchemaFolder;
import dev.ferrite.runtime.struct.StructType;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks an exported schema folder against what a migration would otherwise trust: the layouts
 * a heap stores, which must be the exported versions the application's builds wrote it with,
 * and the compiled types, which must be the exported versions of their build. A difference
 * means the folder does not describe the heap or the classes, and a plan from it would be wrong.
 */
final class SchemaConsistency {
    private final SchemaFolder folder;

    SchemaConsistency(SchemaFolder folder) {
        this.folder = folder;
    }

    /**
     * One line per stored type whose layout is not that of {@code <folder>/<name>/<version>.json},
     * or of which the folder holds no version at all: a wrong or empty folder describes nothing.
     *
     * @throws SchemaFileException if a schema file is unreadable or malformed
     */
    List<String> storedDifferences(List<HeapInfo.StoredType> stored) throws SchemaFileException {
        List<String> differences = new ArrayList<>();
        for (HeapInfo.StoredType type : stored) {
            if (folder.versions(type.schemaName()).isEmpty()) {
                differences.add(type.schemaName() + " version " + type.version() + " stored in the heap has no"
                        + " exported version in " + folder.directory(type.schemaName()) + File.separator);
                continue;
            }
            SchemaDocument heap = SchemaDocument.stored(type.schemaName(), type.typeId(), type.version(), type.size(),
                    type.fields());
            String where = type.schemaName() + " version " + type.version() + " stored in the heap";
            difference(where, heap, folder.version(type.schemaName(), type.version()), true)
                    .ifPresent(problem -> differences.add(problem
                            + " (the heap was written by a build whose schema is not the exported one)"));
        }
        return differences;
    }

    /**
     * One line per compiled type that differs from the file its version was exported to, or, if
     * the heap stores it, that has no such file.
     *
     * @throws SchemaFileException if a schema file is unreadable or malformed
     */
    List<String> compiledDifferences(List<StructType<?>> compiled, List<HeapInfo.StoredType> stored)
            throws SchemaFileException {
        Set<String> storedNames = stored.stream().map(HeapInfo.StoredType::schemaName).collect(Collectors.toSet());
        List<String> differences = new ArrayList<>();
        for (StructType<?> type : compiled) {
            Optional<SchemaDocument> exported = folder.version(type.schemaName(), type.version());
            if (exported.isEmpty() && !storedNames.contains(type.schemaName())) {
                continue;
            }
            SchemaDocument classes = SchemaDocument.of(type);
            String where = type.schemaName() + " version " + type.version() + " compiled in --classpath";
            difference(where, classes, exported, false).ifPresent(differences::add);
        }
        return differences;
    }

    /**
     * Why {@code actual} is not the {@code exported} schema, if it is not; {@code layoutOnly}
     * leaves out what the heap's catalog does not store (reserve, renames, removals).
     */
    private Optional<String> difference(String where, SchemaDocument actual, Optional<SchemaDocument> exported,
            boolean layoutOnly) {
        String file = folder.file(actual.schemaName(), actual.version()).toString();
        if (exported.isEmpty()) {
            return Optional.of(where + " has no exported schema " + file);
        }
        SchemaDocument schema = exported.get();
        return (layoutOnly ? schema.layoutDifference(actual) : schema.firstDifference(actual))
                .map(change -> where + " differs from its exported schema " + file + ": " + change);
    }
}
