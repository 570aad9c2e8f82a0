package dev.ferrite.runtime.schema.document;

import dev.ferrite.runtime.json.Json;
import dev.ferrite.runtime.struct.FieldChange;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
            // Written for collections only, so that other fields read as they did before collections.
            if (!field.keys().isEmpty()) {
                entry.put("keys", field.keys());
            }
            if (field.isCollection()) {
                entry.put("values", field.values());
            }
            // Written only when present, so that the schemas of structs that never changed a
            // name read as they did before renames existed.
            List<FieldChange> renamedFrom = schema.renamedFrom(field.name());
            if (!renamedFrom.isEmpty()) {
                entry.put("renamedFrom", changes(renamedFrom));
            }
            fields.add(entry);
        }
        root.put("fields", fields);
        if (!schema.removals().isEmpty()) {
            root.put("removed", changes(schema.removals()));
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

    private static final List<String> ROOT_MEMBERS =
            List.of("schemaName", "typeId", "version", "reserve", "size", "fields", "removed");
    private static final List<String> FIELD_MEMBERS = List.of(
            "name", "kind", "offset", "elementSize", "length", "since", "target", "constants", "keys", "values",
            "renamedFrom");
    private static final List<String> CHANGE_MEMBERS = List.of("name", "since");

    static SchemaDocument read(Object json) throws Json.ParseException {
        Map<?, ?> root = object(json, "$", ROOT_MEMBERS);
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
        Map<String, String> paths = new HashMap<>();
        Map<String, List<FieldChange>> renames = new LinkedHashMap<>();
        List<?> fieldList = list(root, "$", "fields");
        for (int i = 0; i < fieldList.size(); i++) {
            String path = "$.fields[" + i + "]";
            Map<?, ?> field = object(fieldList.get(i), path, FIELD_MEMBERS);
            String name = string(field, path, "name");
            String other = paths.putIfAbsent(name, path);
            if (other != null) {
                throw new Json.ParseException(path + ".name \"" + name + "\" is also the name of " + other);
            }
            String kindName = string(field, path, "kind");
            FieldKind kind = SchemaDocument.kind(kindName).orElseThrow(() -> new Json.ParseException(
                    path + ".kind \"" + kindName + "\" is none of " + List.of(FieldKind.values())));
            long offset = number(field, path, "offset", 8);
            long elementSize = number(field, path, "elementSize", 1);
            int length = integer(field, path, "length", 1);
            long end;
            try {
                end = Math.addExact(offset, Math.multiplyExact(elementSize, length));
            } catch (ArithmeticException e) {
                throw new Json.ParseException(path + " (\"" + name + "\"): offset " + offset + " + elementSize "
                        + elementSize + " x length " + length + " is beyond any record size");
            }
            if (end > size) {
                throw new Json.ParseException(path + " (\"" + name + "\") ends at " + end + ", beyond the record size "
                        + size);
            }
            int since = integer(field, path, "since", 1);
            if (since > version) {
                throw new Json.ParseException(path + ".since is " + since + ", after the schema's version " + version);
            }
            List<String> constants = new ArrayList<>();
            List<?> constantList = list(field, path, "constants");
            for (int c = 0; c < constantList.size(); c++) {
                if (!(constantList.get(c) instanceof String constant)) {
                    throw new Json.ParseException(path + ".constants[" + c + "] must be a string");
                }
                constants.add(constant);
            }
            FieldDescriptor descriptor = new FieldDescriptor(name, kind, offset, elementSize, length, since,
                    string(field, path, "target"), constants);
            if (descriptor.isCollection()) {
                String keys = field.containsKey("keys") ? string(field, path, "keys") : "";
                if (keys.isEmpty() == (kind == FieldKind.SORTED_MAP)) {
                    throw new Json.ParseException(path + (keys.isEmpty() ? ".keys is missing: a SORTED_MAP field names"
                            + " its key type" : ".keys is present, but a LIST field has no keys"));
                }
                descriptor = descriptor.collection(keys, string(field, path, "values"));
            } else if (field.containsKey("keys") || field.containsKey("values")) {
                throw new Json.ParseException(path + " has keys or values, but a " + kind + " field is no collection");
            }
            fields.add(descriptor);
            renames.put(name, changes(field, path, "renamedFrom", version));
        }
        checkOverlaps(fields, paths);
        return new SchemaDocument(schemaName, typeId, version, reserve, size, fields, renames,
                changes(root, "$", "removed", version));
    }

    /** Fields are laid out one after another: two that share bytes would overwrite each other. */
    private static void checkOverlaps(List<FieldDescriptor> fields, Map<String, String> paths)
            throws Json.ParseException {
        List<FieldDescriptor> byOffset = new ArrayList<>(fields);
        byOffset.sort(Comparator.comparingLong(FieldDescriptor::offset));
        for (int i = 1; i < byOffset.size(); i++) {
            FieldDescriptor before = byOffset.get(i - 1);
            FieldDescriptor field = byOffset.get(i);
            long end = before.offset() + before.elementSize() * before.length();
            if (field.offset() < end) {
                throw new Json.ParseException(paths.get(field.name()) + " (\"" + field.name() + "\") at offset "
                        + field.offset() + " overlaps " + paths.get(before.name()) + " (\"" + before.name()
                        + "\"), which ends at " + end);
            }
        }
    }

    /** An optional array of {@code {"name", "since"}} objects, each since a version up to {@code version}. */
    private static List<FieldChange> changes(Map<?, ?> object, String path, String member, int version)
            throws Json.ParseException {
        List<FieldChange> changes = new ArrayList<>();
        if (object.containsKey(member)) {
            List<?> list = list(object, path, member);
            for (int i = 0; i < list.size(); i++) {
                String at = path + "." + member + "[" + i + "]";
                Map<?, ?> change = object(list.get(i), at, CHANGE_MEMBERS);
                int since = integer(change, at, "since", 1);
                if (since > version) {
                    throw new Json.ParseException(at + ".since is " + since + ", after the schema's version " + version);
                }
                changes.add(new FieldChange(string(change, at, "name"), since));
            }
        }
        return changes;
    }

    /** {@code value} as an object with no members but {@code members}: a misspelt one would be silently ignored. */
    private static Map<?, ?> object(Object value, String path, List<String> members) throws Json.ParseException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new Json.ParseException(path + " must be a JSON object");
        }
        for (Object key : map.keySet()) {
            if (!members.contains(key)) {
                throw new Json.ParseException(path + "." + key + " is not a member of this object; its members are "
                        + members);
            }
        }
        return map;
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
