package dev.ferrite.runtime.schema;

import dev.ferrite.runtime.struct.FieldChange;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of a {@link SchemaDocument}, member by member, in the order exported files have
 * always had; reading checks every member and names the one at fault by its JSON path.
 */
final class SchemaJson {
    private SchemaJson() {}

    static Map<String, Object> write(SchemaDocument schema) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaName", schema.schemaName());
        root.put("typeId", String.format("0x%08x", schema.typeId()));
        root.put("version", schema.version());
        root.put("reserve", schema.reserve());
        root.put("size", schema.size());
        List<Object> fields = new ArrayList<>();
        for (FieldDescriptor field : schema.fields()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", field.name());
            entry.put("kind", field.kind().name());
            entry.put("offset", field.offset());
            entry.put("elementSize", field.elementSize());
            entry.put("length", field.length());
            entry.put("since", field.since());
            entry.put("target", field.target());
            entry.put("constants", field.constants());
            // Written only when present, so that the schemas of structs that never changed a
            // name read as they did before renames existed.
            List<FieldChange> renamedFrom = schema.renamedFrom(field.name());
            if (!renamedFrom.isEmpty()) {
                entry.put("renamedFrom", changes(renamedFrom));
            }
            fields.add(entry);
        }
        root.put("fields", fields);
        if (!schema.removed().isEmpty()) {
            root.put("removed", changes(schema.removed()));
        }
        return root;
    }

    private static List<Object> changes(List<FieldChange> changes) {
        List<Object> list = new ArrayList<>();
        for (FieldChange change : changes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", change.name());
            entry.put("since", change.since());
            list.add(entry);
        }
        return list;
    }

    static SchemaDocument read(Object json) throws Json.ParseException {
        Map<?, ?> root = object(json, "$");
        String schemaName = string(root, "$", "schemaName");
        String typeIdText = string(root, "$", "typeId");
        int typeId;
        try {
            if (!typeIdText.matches("0x[0-9a-f]{8}")) {
                throw new NumberFormatException();
            }
            typeId = Integer.parseUnsignedInt(typeIdText.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new Json.ParseException("$.typeId \"" + typeIdText + "\" is not 0x and eight lower-case hex digits");
        }
        if (typeId != StructType.typeIdOf(schemaName)) {
            throw new Json.ParseException("$.typeId " + typeIdText + " is not the type id of \"" + schemaName
                    + "\", which is " + String.format("0x%08x", StructType.typeIdOf(schemaName)));
        }
        int version = integer(root, "$", "version", 1);
        int reserve = integer(root, "$", "reserve", 0);
        long size = number(root, "$", "size", 8);
        List<FieldDescriptor> fields = new ArrayList<>();
        Map<String, List<FieldChange>> renames = new LinkedHashMap<>();
        List<?> fieldList = list(root, "$", "fields");
        for (int i = 0; i < fieldList.size(); i++) {
            String path = "$.fields[" + i + "]";
            Map<?, ?> field = object(fieldList.get(i), path);
            String name = string(field, path, "name");
            String kindName = string(field, path, "kind");
            FieldKind kind = SchemaDocument.kind(kindName).orElseThrow(() -> new Json.ParseException(
                    path + ".kind \"" + kindName + "\" is none of " + List.of(FieldKind.values())));
            long offset = number(field, path, "offset", 8);
            long elementSize = number(field, path, "elementSize", 1);
            int length = integer(field, path, "length", 1);
            if (offset + elementSize * length > size) {
                throw new Json.ParseException(path + " (\"" + name + "\") ends at " + (offset + elementSize * length)
                        + ", beyond the record size " + size);
            }
            List<String> constants = new ArrayList<>();
            List<?> constantList = list(field, path, "constants");
            for (int c = 0; c < constantList.size(); c++) {
                if (!(constantList.get(c) instanceof String constant)) {
                    throw new Json.ParseException(path + ".constants[" + c + "] must be a string");
                }
                constants.add(constant);
            }
            fields.add(new FieldDescriptor(name, kind, offset, elementSize, length,
                    integer(field, path, "since", 1), string(field, path, "target"), constants));
            renames.put(name, changes(field, path, "renamedFrom"));
        }
        return new SchemaDocument(schemaName, typeId, version, reserve, size, fields, renames,
                changes(root, "$", "removed"));
    }

    /** An optional array of {@code {"name", "since"}} objects. */
    private static List<FieldChange> changes(Map<?, ?> object, String path, String member) throws Json.ParseException {
        List<FieldChange> changes = new ArrayList<>();
        if (object.containsKey(member)) {
            List<?> list = list(object, path, member);
            for (int i = 0; i < list.size(); i++) {
                String at = path + "." + member + "[" + i + "]";
                Map<?, ?> change = object(list.get(i), at);
                changes.add(new FieldChange(string(change, at, "name"), integer(change, at, "since", 1)));
            }
        }
        return changes;
    }

    private static Map<?, ?> object(Object value, String path) throws Json.ParseException {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new Json.ParseException(path + " must be a JSON object");
    }

    private static List<?> list(Map<?, ?> object, String path, String member) throws Json.ParseException {
        if (object.get(member) instanceof List<?> list) {
            return list;
        }
        throw new Json.ParseException(path + "." + member + " must be an array");
    }

    private static String string(Map<?, ?> object, String path, String member) throws Json.ParseException {
        if (object.get(member) instanceof String string) {
            return string;
        }
        throw new Json.ParseException(path + "." + member + " must be a string");
    }

    private static long number(Map<?, ?> object, String path, String member, long min) throws Json.ParseException {
        if (object.get(member) instanceof Long number) {
            if (number < min) {
                throw new Json.ParseException(path + "." + member + " is " + number + ", less than " + min);
            }
            return number;
        }
        throw new Json.ParseException(path + "." + member + " must be an integer");
    }

    private static int integer(Map<?, ?> object, String path, String member, int min) throws Json.ParseException {
        long number = number(object, path, member, min);
        if (number > Integer.MAX_VALUE) {
            throw new Json.ParseException(path + "." + member + " is " + number + ", more than " + Integer.MAX_VALUE);
        }
        return (int) number;
    }
}
