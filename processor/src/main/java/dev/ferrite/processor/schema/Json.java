package dev.ferrite.processor.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the schema files need, without a dependency: values are {@code Map<String,
 * Object>} (insertion-ordered), {@code List<Object>}, {@code String}, {@code Long}, {@code
 * Boolean} and {@code null}. Output is pretty-printed with two-space indents and is a pure
 * function of the value, so exported files are byte-for-byte reproducible.
 */
final class Json {
    private Json() {}

    /** Thrown for malformed input, with the position of the problem. */
    static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message, int position) {
            super(message + " at character " + position);
        }

        ParseException(String message) {
            super(message);
        }
    }

    /** {@code value} as pretty-printed JSON, ending with a newline. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, "");
        return out.append('\n').toString();
    }

    private static void write(Object value, StringBuilder out, String indent) {
        switch (value) {
            case null -> out.append("null");
            case String string -> quote(string, out);
            case Long number -> out.append(number);
            case Integer number -> out.append(number);
            case Boolean bool -> out.append(bool);
            case Map<?, ?> map -> writeObject(map, out, indent);
            case List<?> list -> writeArray(list, out, indent);
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out, String indent) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        String inner = indent + "  ";
        out.append("{\n");
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            out.append(first ? "" : ",\n").append(inner);
            quote((String) entry.getKey(), out);
            out.append(": ");
            write(entry.getValue(), out, inner);
            first = false;
        }
        out.append('\n').append(indent).append('}');
    }

    /** Arrays of plain values stay on one line; arrays holding objects or arrays get one line per element. */
    private static void writeArray(List<?> list, StringBuilder out, String indent) {
        boolean nested = list.stream().anyMatch(element -> element instanceof Map || element instanceof List);
        if (!nested) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                write(list.get(i), out, indent);
            }
            out.append(']');
            return;
        }
        String inner = indent + "  ";
        out.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            out.append(i == 0 ? "" : ",\n").append(inner);
            write(list.get(i), out, inner);
        }
        out.append('\n').append(indent).append(']');
    }

    private static void quote(String string, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
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

    /** Parses one JSON value, which must be the whole of {@code text} apart from whitespace. */
    static Object parse(String text) throws ParseException {
        Parser parser = new Parser(text);
        Object value = parser.value();
        parser.skipWhitespace();
        if (parser.position < text.length()) {
            throw new ParseException("unexpected '" + text.charAt(parser.position) + "' after the value",
                    parser.position);
        }
        return value;
    }

    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        Object value() throws ParseException {
            skipWhitespace();
            if (position >= text.length()) {
                throw new ParseException("unexpected end of input", position);
            }
            char c = text.charAt(position);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    throw new ParseException("unexpected '" + c + "'", position);
                }
            };
        }

        private Map<String, Object> object() throws ParseException {
            Map<String, Object> map = new LinkedHashMap<>();
            position++;
            skipWhitespace();
            if (peek('}')) {
                position++;
                return map;
            }
            while (true) {
                skipWhitespace();
                if (!peek('"')) {
                    throw new ParseException("expected a quoted member name", position);
                }
                int at = position;
                String name = string();
                skipWhitespace();
                expect(':');
                if (map.put(name, value()) != null) {
                    throw new ParseException("duplicate member \"" + name + "\"", at);
                }
                skipWhitespace();
                if (peek(',')) {
                    position++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() throws ParseException {
            List<Object> list = new ArrayList<>();
            position++;
            skipWhitespace();
            if (peek(']')) {
                position++;
                return list;
            }
            while (true) {
                list.add(value());
                skipWhitespace();
                if (peek(',')) {
                    position++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() throws ParseException {
            StringBuilder out = new StringBuilder();
            position++;
            while (true) {
                if (position >= text.length()) {
                    throw new ParseException("unterminated string", position);
                }
                char c = text.charAt(position++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (position >= text.length()) {
                    throw new ParseException("unterminated escape", position);
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case '"', '\\', '/' -> out.append(escaped);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (position + 4 > text.length()) {
                            throw new ParseException("truncated \\u escape", position);
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        } catch (NumberFormatException e) {
                            throw new ParseException("bad \\u escape", position);
                        }
                        position += 4;
                    }
                    default -> throw new ParseException("bad escape \\" + escaped, position - 1);
                }
            }
        }

        private Long number() throws ParseException {
            int start = position;
            if (peek('-')) {
                position++;
            }
            while (position < text.length() && Character.isDigit(text.charAt(position))) {
                position++;
            }
            if (position < text.length() && ".eE".indexOf(text.charAt(position)) >= 0) {
                throw new ParseException("only integers are expected", position);
            }
            try {
                return Long.parseLong(text.substring(start, position));
            } catch (NumberFormatException e) {
                throw new ParseException("bad number \"" + text.substring(start, position) + "\"", start);
            }
        }

        private Object literal(String word, Object value) throws ParseException {
            if (!text.startsWith(word, position)) {
                throw new ParseException("expected " + word, position);
            }
            position += word.length();
            return value;
        }

        private boolean peek(char c) {
            return position < text.length() && text.charAt(position) == c;
        }

        private void expect(char c) throws ParseException {
            if (!peek(c)) {
                throw new ParseException("expected '" + c + "'", position);
            }
            position++;
        }

        void skipWhitespace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }
    }
}
