package dev.ferrite.runtime.schema.document;

import dev.ferrite.runtime.json.Json;
import dev.ferrite.runtime.struct.FieldChange;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A struct's schema at one version: what the processor exports as {@code
 * <schemaLocation>/<schemaName>/<version>.json} ({@code -Aferrite.schemaLocation}), what a
 * compiled {@link StructType} describes, and what a heap's catalog stores. Migration plans are
 * computed from two of them: the stored one and the target one.
 *
 * <p>The heap's catalog keeps neither the reserve nor the declared renames and removals: a
 * document of a stored type ({@link #stored}) has reserve 0 and none, and is compared with an
 * exported one through {@link #layoutDifference}.
 *
 * @param schemaName the stable name of the struct
 * @param typeId the id in the header of its records
 * @param version the schema version
 * @param reserve bytes reserved after the fields of version 1
 * @param size bytes per record
 * @param fields in layout order
 * @param renames the previous names of each renamed field ({@code @RenamedFrom}), by its current name
 * @param removals the fields declared removed ({@code @RemovedField}), each with the version that removed it
 */
public record SchemaDocument(
        String schemaName, int typeId, int version, int reserve, long size, List<FieldDescriptor> fields,
        Map<String, List<FieldChange>> renames, List<FieldChange> removals) {

    /**
     * Renames and removals are kept in one order, by version then name, whatever the order of the
     * annotations that declared them: reordering annotations changes neither the document nor its
     * exported file.
     */
    public SchemaDocument {
        Objects.requireNonNull(schemaName, "schemaName");
        fields = List.copyOf(fields);
        Map<String, List<FieldChange>> copy = new TreeMap<>();
        renames.forEach((field, previous) -> {
            if (!previous.isEmpty()) {
                copy.put(field, sorted(previous));
            }
        });
        renames = Collections.unmodifiableMap(copy);
        removals = sorted(removals);
    }

    private static List<FieldChange> sorted(List<FieldChange> changes) {
        return changes.stream()
                .sorted(Comparator.comparingInt(FieldChange::since).thenComparing(FieldChange::name))
                .toList();
    }

    /** The schema of a compiled struct: exactly what the processor exported for its version. */
    public static SchemaDocument of(StructType<?> type) {
        return new SchemaDocument(type.schemaName(), type.typeId(), type.version(), type.reserve(), type.size(),
                type.fields(), type.renames(), type.removals());
    }

    /** The schema of a type as a heap's catalog stores it: reserve 0, no renames or removals. */
    public static SchemaDocument stored(String schemaName, int typeId, int version, long size,
            List<FieldDescriptor> fields) {
        return new SchemaDocument(schemaName, typeId, version, 0, size, fields, Map.of(), List.of());
    }

    /**
     * Where the processor puts the document of {@code schemaName} at {@code version} among the
     * compiled classes, as a class-path resource: {@code META-INF/ferrite/schemas/<schemaName>/<version>.json}.
     */
    public static String resourceName(String schemaName, int version) {
        return "META-INF/ferrite/schemas/" + schemaName + "/" + version + ".json";
    }

    /** The field called {@code name}, or empty. */
    public Optional<FieldDescriptor> field(String name) {
        return fields.stream().filter(field -> field.name().equals(name)).findFirst();
    }

    /** The previous names of the field {@code name}, each with the version that stopped using it. */
    public List<FieldChange> renamedFrom(String name) {
        return renames.getOrDefault(name, List.of());
    }

    /** The exported form: the JSON of {@code <schemaName>/<version>.json}, ending with a newline. */
    public String toJson() {
        return Json.write(SchemaJson.write(this));
    }

    /**
     * Reads an exported schema.
     *
     * @throws Json.ParseException if {@code json} is malformed or is no schema: the message
     *     says what is wrong, at which line and column or JSON path ({@code $.fields[2].offset})
     */
    public static SchemaDocument parse(String json) throws Json.ParseException {
        return SchemaJson.read(Json.parse(json));
    }

    /**
     * The first difference between this schema and {@code other}, for people: empty when they
     * are the same, reserve, renames and removals included.
     */
    public Optional<String> firstDifference(SchemaDocument other) {
        return layoutDifference(other).or(() -> evolutionDifference(other));
    }

    /**
     * The first difference in how records are laid out (name, type id, version, size and fields),
     * ignoring what the heap's catalog does not store: the reserve, renames and removals.
     */
    public Optional<String> layoutDifference(SchemaDocument other) {
        if (!schemaName.equals(other.schemaName) || typeId != other.typeId || version != other.version) {
            return Optional.of(schemaName + " version " + version + " became " + other.schemaName + " version "
                    + other.version);
        }
        if (size != other.size) {
            return Optional.of("size " + size + " became " + other.size);
        }
        for (FieldDescriptor was : fields) {
            Optional<String> change = other.field(was.name())
                    .map(now -> fieldChange(was, now, false)
                            .or(() -> was.constants().equals(now.constants()) ? Optional.empty()
                                    : Optional.of("enum constants " + was.constants() + " became " + now.constants())))
                    .orElse(Optional.of("it was dropped"));
            if (change.isPresent()) {
                return Optional.of("field \"" + was.name() + "\": " + change.get());
            }
        }
        for (FieldDescriptor now : other.fields) {
            if (field(now.name()).isEmpty()) {
                return Optional.of("field \"" + now.name() + "\" was added");
            }
        }
        return fields.equals(other.fields) ? Optional.empty() : Optional.of("the fields changed order");
    }

    private Optional<String> evolutionDifference(SchemaDocument other) {
        if (reserve != other.reserve) {
            return Optional.of("reserve " + reserve + " became " + other.reserve);
        }
        if (!removals.equals(other.removals)) {
            return Optional.of("the removed fields " + removals + " became " + other.removals);
        }
        for (FieldDescriptor field : fields) {
            if (!renamedFrom(field.name()).equals(other.renamedFrom(field.name()))) {
                return Optional.of("field \"" + field.name() + "\" was renamed from " + renamedFrom(field.name())
                        + ", now from " + other.renamedFrom(field.name()));
            }
        }
        return Optional.empty();
    }

    /**
     * What changed about a field that records written with {@code was} would notice when read
     * through {@code now}, or empty: its shape, its place, its {@code @Since}, or its enum
     * constants other than by appending. When the records are {@code migrated} anyway (the
     * struct declares a rename or removal since), the field may also move and change in the ways
     * a migration converts by itself ({@link FieldConversion}).
     */
    public static Optional<String> fieldChange(FieldDescriptor was, FieldDescriptor now, boolean migrated) {
        boolean converted = migrated && FieldConversion.between(was, now).isPresent();
        if (!shape(was).equals(shape(now)) && !converted) {
            return Optional.of("retyped from " + shape(was) + " to " + shape(now));
        }
        if (was.offset() != now.offset() && !migrated) {
            return Optional.of("moved from offset " + was.offset() + " to " + now.offset());
        }
        if (was.since() != now.since()) {
            return Optional.of("its @Since changed from " + was.since() + " to " + now.since());
        }
        if (!migrated && (now.constants().size() < was.constants().size()
                || !now.constants().subList(0, was.constants().size()).equals(was.constants()))) {
            return Optional.of("enum constants " + was.constants() + " became " + now.constants()
                    + "; constants may only be appended");
        }
        return Optional.empty();
    }

    /** How a field is stored, without its place: two fields of equal shape are interchangeable. */
    public static String shape(FieldDescriptor field) {
        String element = field.kind() + (field.keys().isEmpty() ? "" : " " + field.keys() + " to")
                + (field.values().isEmpty() ? "" : " " + field.values())
                + (field.target().isEmpty() ? "" : " " + field.target()) + " of " + field.elementSize() + " bytes";
        return field.length() == 1 ? element : field.length() + " x " + element;
    }

    /** The kind called {@code name}, as the JSON spells it. */
    static Optional<FieldKind> kind(String name) {
        for (FieldKind kind : FieldKind.values()) {
            if (kind.name().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
