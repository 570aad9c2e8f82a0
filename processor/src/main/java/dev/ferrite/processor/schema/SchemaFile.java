package dev.ferrite.processor.schema;

import dev.ferrite.processor.layout.RecordLayout;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.Evolution;
import dev.ferrite.processor.model.FieldModel;
import dev.ferrite.processor.model.FieldType;
import dev.ferrite.processor.model.TypeIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One exported schema: a struct's layout at one version, as written to {@code
 * <schemaLocation>/<schemaName>/<version>.json}.
 *
 * @param fields in layout order
 * @param removed the fields declared removed ({@code @RemovedField}), with the version that
 *     removed each
 */
record SchemaFile(
        String schemaName, int typeId, int version, int reserve, long size, List<Field> fields,
        List<Evolution.Change> removed) {

    SchemaFile {
        Objects.requireNonNull(schemaName, "schemaName");
        fields = List.copyOf(fields);
        removed = List.copyOf(removed);
    }

    /**
     * One field, described as the runtime's {@code FieldDescriptor} describes it.
     *
     * @param target for references and inline structs the target's schema name, for enums the
     *     enum's binary name, otherwise empty
     * @param constants for enums the constant names in ordinal order, otherwise empty
     * @param renamedFrom the field's previous names ({@code @RenamedFrom}), each with the version
     *     that stopped using it; empty if never renamed
     */
    record Field(
            String name, String kind, long offset, long elementSize, int length, int since, String target,
            List<String> constants, List<Evolution.Change> renamedFrom) {
        Field {
            constants = List.copyOf(constants);
            renamedFrom = List.copyOf(renamedFrom);
        }

        /** How the field is stored, without its place: two fields of equal shape are interchangeable. */
        String shape() {
            String element = kind + (target.isEmpty() ? "" : " " + target) + " of " + elementSize + " bytes";
            return length == 1 ? element : length + " x " + element;
        }
    }

    static SchemaFile of(RecordLayout layout) {
        List<Field> fields = new ArrayList<>();
        for (Slot slot : layout.slots()) {
            FieldModel field = slot.field();
            String target = switch (field.type()) {
                case FieldType.EnumType enumType -> enumType.binaryName();
                case FieldType.Reference reference -> reference.schemaName();
                case FieldType.Inline inline -> inline.target().schemaName();
                default -> "";
            };
            List<String> constants = field.type() instanceof FieldType.EnumType enumType
                    ? enumType.constants()
                    : List.of();
            fields.add(new Field(field.name(), field.type().kindName(), slot.offset(), slot.elementSize(),
                    field.elementCount(), field.since(), target, constants,
                    layout.struct().evolution().renames().getOrDefault(field.name(), List.of())));
        }
        var struct = layout.struct();
        return new SchemaFile(struct.schemaName(), struct.typeId(), struct.version(), struct.reserve(), layout.size(),
                fields, struct.evolution().removals());
    }

    /** The field called {@code name}, or null. */
    Field field(String name) {
        for (Field field : fields) {
            if (field.name().equals(name)) {
                return field;
            }
        }
        return null;
    }

    String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaName", schemaName);
        root.put("typeId", TypeIds.hex(typeId));
        root.put("version", (long) version);
        root.put("reserve", (long) reserve);
        root.put("size", size);
        List<Object> fieldList = new ArrayList<>();
        for (Field field : fields) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", field.name());
            entry.put("kind", field.kind());
            entry.put("offset", field.offset());
            entry.put("elementSize", field.elementSize());
            entry.put("length", (long) field.length());
            entry.put("since", (long) field.since());
            entry.put("target", field.target());
            entry.put("constants", List.copyOf(field.constants()));
            // Written only when present, so that the schemas of structs that never changed a
            // name read as they did before renames existed.
            if (!field.renamedFrom().isEmpty()) {
                entry.put("renamedFrom", changes(field.renamedFrom()));
            }
            fieldList.add(entry);
        }
        root.put("fields", fieldList);
        if (!removed.isEmpty()) {
            root.put("removed", changes(removed));
        }
        return Json.write(root);
    }

    private static List<Object> changes(List<Evolution.Change> changes) {
        List<Object> list = new ArrayList<>();
        for (Evolution.Change change : changes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", change.name());
            entry.put("since", (long) change.since());
            list.add(entry);
        }
        return list;
    }

    private static List<Evolution.Change> changes(Map<?, ?> object, String name) throws Json.ParseException {
        List<Evolution.Change> changes = new ArrayList<>();
        if (object.containsKey(name)) {
            for (Object element : list(object, name)) {
                Map<?, ?> change = object(element, "an element of \"" + name + "\"");
                changes.add(new Evolution.Change(string(change, "name"), (int) number(change, "since")));
            }
        }
        return changes;
    }

    /** Reads a schema file; a missing or mistyped member is a {@link Json.ParseException}. */
    static SchemaFile parse(String json) throws Json.ParseException {
        Map<?, ?> root = object(Json.parse(json), "the file");
        List<Field> fields = new ArrayList<>();
        for (Object element : list(root, "fields")) {
            Map<?, ?> field = object(element, "a field");
            List<String> constants = new ArrayList<>();
            for (Object constant : list(field, "constants")) {
                if (!(constant instanceof String name)) {
                    throw new Json.ParseException("enum constants must be strings");
                }
                constants.add(name);
            }
            fields.add(new Field(string(field, "name"), string(field, "kind"), number(field, "offset"),
                    number(field, "elementSize"), (int) number(field, "length"), (int) number(field, "since"),
                    string(field, "target"), constants, changes(field, "renamedFrom")));
        }
        List<Evolution.Change> removed = changes(root, "removed");
        String typeId = string(root, "typeId");
        int id;
        try {
            id = Integer.parseUnsignedInt(typeId.replaceFirst("^0x", ""), 16);
        } catch (NumberFormatException e) {
            throw new Json.ParseException("typeId \"" + typeId + "\" is not 0x and eight hex digits");
        }
        return new SchemaFile(string(root, "schemaName"), id, (int) number(root, "version"),
                (int) number(root, "reserve"), number(root, "size"), fields, removed);
    }

    private static Map<?, ?> object(Object value, String what) throws Json.ParseException {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new Json.ParseException(what + " must be a JSON object");
    }

    private static List<?> list(Map<?, ?> object, String name) throws Json.ParseException {
        if (object.get(name) instanceof List<?> list) {
            return list;
        }
        throw new Json.ParseException("\"" + name + "\" must be an array");
    }

    private static String string(Map<?, ?> object, String name) throws Json.ParseException {
        if (object.get(name) instanceof String string) {
            return string;
        }
        throw new Json.ParseException("\"" + name + "\" must be a string");
    }

    private static long number(Map<?, ?> object, String name) throws Json.ParseException {
        if (object.get(name) instanceof Long number) {
            return number;
        }
        throw new Json.ParseException("\"" + name + "\" must be an integer");
    }
}
