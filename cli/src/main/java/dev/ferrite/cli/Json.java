package dev.ferrite.cli;

import java.util.List;
import java.util.Map;

/**
 * Renders decoded values ({@link RecordDecoder}) as JSON or as compact text. Hand-written, so
 * that the tool needs no JSON library: the values are only maps, lists, strings, numbers,
 * booleans, references, enum constants and null.
 */
final class Json {
    private Json() {}

    /** {@code value} as an indented JSON document; non-finite doubles become strings. */
    static String write(Object value) {
        return write(value, "");
    }

    /** {@code value} as JSON whose lines after the first are indented by {@code indent}, to nest it in a larger document. */
    static String write(Object value, String indent) {
        StringBuilder json = new StringBuilder();
        write(json, value, indent);
        return json.toString();
    }

    /** {@code value} as a JSON string literal. */
    static String quote(String value) {
        StringBuilder json = new StringBuilder();
        quote(json, value);
        return json.toString();
    }

    private static void write(StringBuilder json, Object value, String indent) {
        switch (value) {
            case null -> json.append("null");
            case Map<?, ?> map when map.isEmpty() -> json.append("{}");
            case Map<?, ?> map -> {
                json.append("{\n");
                String inner = indent + "  ";
                int i = 0;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    json.append(inner);
                    quote(json, entry.getKey().toString());
                    json.append(": ");
                    write(json, entry.getValue(), inner);
                    json.append(++i < map.size() ? ",\n" : "\n");
                }
                json.append(indent).append('}');
            }
            case List<?> list when list.isEmpty() -> json.append("[]");
            case List<?> list -> {
                json.append("[\n");
                String inner = indent + "  ";
                for (int i = 0; i < list.size(); i++) {
                    json.append(inner);
                    write(json, list.get(i), inner);
                    json.append(i + 1 < list.size() ? ",\n" : "\n");
                }
                json.append(indent).append(']');
            }
            case RecordDecoder.Reference reference -> json.append(reference.offset());
            case RecordDecoder.Constant constant -> quote(json, constant.name());
            case Double number when !Double.isFinite(number) -> quote(json, number.toString());
            case Number number -> json.append(number);
            case Boolean bool -> json.append(bool);
            default -> quote(json, value.toString());
        }
    }

    /** {@code value} on one line: strings quoted, references as {@code @offset}. */
    static String text(Object value) {
        return switch (value) {
            case null -> "null";
            case Map<?, ?> map -> {
                StringBuilder text = new StringBuilder("{");
                map.forEach((key, field) -> text.append(text.length() > 1 ? ", " : "").append(key).append(" = ")
                        .append(text(field)));
                yield text.append('}').toString();
            }
            case List<?> list -> list.stream().map(Json::text).toList().toString();
            case RecordDecoder.Reference reference -> "@" + reference.offset();
            case RecordDecoder.Constant constant -> constant.name();
            case String string -> {
                StringBuilder text = new StringBuilder();
                quote(text, string);
                yield text.toString();
            }
            default -> value.toString();
        };
    }

    private static void quote(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
