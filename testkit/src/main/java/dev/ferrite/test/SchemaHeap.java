package dev.ferrite.test;

import dev.ferrite.fams.FamsFile;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.format.Reference;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.schema.document.SchemaFolder;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.StructType;
import dev.ferrite.test.schema.DocumentTypes;
import dev.ferrite.test.schema.FieldWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A new heap being filled with records of exported schema versions, for a migration test: see
 * {@link MigrationTester#createHeap}. Fields are given by name with Java values: numbers, {@code
 * Boolean}, {@code Character}, {@code String} (heap and fixed strings), an enum constant or its
 * name, a {@link SchemaRecord} of this heap (or null) for a reference, and an array or list for
 * an {@code @Array} field; fields not given stay zero, null or empty. {@link #close()} commits.
 */
public final class SchemaHeap implements AutoCloseable {
    private final Path path;
    private final SchemaFolder folder;
    private final FamsFile file;
    private final HeapCore core;
    private final FieldWriter writer;
    private final Map<String, StructType<?>> types = new HashMap<>();
    private boolean closed;

    SchemaHeap(Path path, SchemaFolder folder, FamsFile file, HeapCore core) {
        this.path = path;
        this.folder = folder;
        this.file = file;
        this.core = core;
        this.writer = new FieldWriter(core, this::offsetOf);
    }

    /**
     * Writes a record of {@code schemaName} as exported at {@code version}, with {@code fields}
     * (name to value), and makes it the root {@code root}.
     *
     * @throws IllegalArgumentException if the folder has no such version, the root exists, or a
     *     field is unknown or given a value it cannot hold
     */
    public SchemaRecord root(String root, String schemaName, int version, Map<String, ?> fields) {
        Objects.requireNonNull(root, "root");
        if (core.root(root) != 0) {
            throw new IllegalArgumentException(path + " already has a root \"" + root + "\"");
        }
        SchemaRecord record = record(schemaName, version, fields);
        core.setRoot(root, record.offset());
        return record;
    }

    /** Writes a record like {@link #root}, without making it a root: refer to it from another record. */
    public SchemaRecord record(String schemaName, int version, Map<String, ?> fields) {
        requireOpen();
        StructType<?> type = type(schemaName, version);
        Map<String, FieldDescriptor> byName = new LinkedHashMap<>();
        type.fields().forEach(field -> byName.put(field.name(), field));
        for (String name : fields.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException(schemaName + " version " + version + " has no field " + name
                        + "; its fields are " + byName.keySet());
            }
        }
        long offset = ((Flyweight) core.allocate(type)).offset();
        fields.forEach((name, value) -> writer.write(offset, byName.get(name), value, schemaName));
        return new SchemaRecord(schemaName, version, offset);
    }

    /** Commits what was written so far. */
    public void commit() {
        requireOpen();
        file.commit();
    }

    /** Commits and closes the heap. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            file.commit();
        } finally {
            closed = true;
            file.close();
        }
    }

    private StructType<?> type(String schemaName, int version) {
        return types.computeIfAbsent(schemaName + "@" + version, key -> {
            SchemaDocument schema = folder.version(schemaName, version).orElseThrow(() -> new IllegalArgumentException(
                    "no exported schema " + folder.file(schemaName, version) + ": the folder holds versions "
                            + folder.versions(schemaName).keySet() + " of " + schemaName));
            return DocumentTypes.of(schema);
        });
    }

    private long offsetOf(Object value, String targetSchema, String field) {
        if (value == null) {
            return 0;
        }
        if (!(value instanceof SchemaRecord record)) {
            throw new IllegalArgumentException(field + " is a reference: give a SchemaRecord of this heap or null, not "
                    + value);
        }
        if (!record.schemaName().equals(targetSchema)) {
            throw new IllegalArgumentException(field + " refers to " + targetSchema + " records, not to "
                    + record.schemaName());
        }
        // A stored reference carries the generation of the record it was made to.
        return Reference.of(record.offset(), RecordHeader.generation(core.segment(), record.offset()));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(path + " is closed");
        }
    }
}
