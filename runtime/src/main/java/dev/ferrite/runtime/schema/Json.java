package dev.ferrite.runtime.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON that exported schemas and {@code ferrite dump --json} need, without a
 * dependency. Values are {@code Map<String, Object>} (insertion-ordered), {@code List<Object>},
 * {@code String}, numbers, {@code Boolean} and {@code null}; the parser reads integers only,
 * as {@code Long}, since schema files hold no others. Output is pretty-printed with two-space
 * indents and is a pure function of the value, so exported files are byte-for-byte reproducible.
 */
public final class Json {
    private Json() {}

    /** Malformed JSON, with the line and column of the problem. */
    public static final class ParseException extends Exception {
        private static final long serialVersionUID = 1L;

        ParseException(String message) {
            super(message);
        }
    }

    /** {@code value} as a pretty-printed JSON document, ending with a newline. */
    public static String write(Object value) {
        return write(value, "") + "\n";
    }

    /**
     * {@code value} as pretty-printed JSON whose lines after the first are indented by {@code
     * indent}, to nest it in a larger document; no final newline.
     */
    public static String write(Object value, String indent) {
        StringBuilder out = new StringBuilder();
        write(value, out, indent);
        return out.toString();
    }

    /** {@code string} as a JSON string literal. */
    public static String quote(String string) {
        StringBuilder out = new StringBuilder();
        quote(string, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out, String indent) {
        switch (value) {
            case null -> out.append("null");
            case String string -> quote(string, out);
            case Boolean bool -> out.append(bool);
            // JSON has no NaN or infinity: they are written as strings, which a reader can still tell apart.
            case Double number when !Double.isFinite(number) -> quote(number.toString(), out);
            case Float number when !Float.isFinite(number) -> quote(number.toString(), out);
            case Number number -> out.append(number);
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
            quote(entry.getKey().toString(), out);
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

    /**
     * Parses one JSON value, which must be the whole of {@code text} apart from whitespace.
     *
     * @throws ParseException saying what is wrong, at which line and column
     */
    public static Object parse(String text) throws ParseException {
        Parser parser = new Parser(text);
        Object value = parser.value();
        parser.skipWhitespace();
        if (parser.position < text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.position) + "' after the value", parser.position);
        }
        return value;
    }

    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        /** An error at {@code at}, given as line and column because people find the place in an editor. */
        ParseException error(String message, int at) {
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at && i < text.length(); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new ParseException(message + " at line " + line + ", column " + (at - lineStart + 1));
        }

        Object value() throws ParseException {
            skipWhitespace();
            if (position >= text.length()) {
                throw error("unexpected end of input", position);
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
                    throw error("unexpected '" + c + "'", position);
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
                    throw error("expected a quoted member name", position);
                }
                int at = position;
                String name = string();
                skipWhitespace();
                expect(':');
                if (map.put(name, value()) != null) {
                    throw error("duplicate member \"" + name + "\"", at);
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
                    throw error("unterminated string", position);
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
                    throw error("unterminated escape", position);
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
                            throw error("truncated \\u escape", position);
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        } catch (NumberFormatException e) {
                            throw error("bad \\u escape", position);
                        }
                        position += 4;
                    }
                    default -> throw error("bad escape \\" + escaped, position - 1);
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
                throw error("only integers are expected", position);
            }
            try {
                return Long.parseLong(text.substring(start, position));
            } catch (NumberFormatException e) {
                throw error("bad number \"" + text.substring(start, position) + "\"", start);
            }
        }

        private Object literal(String word, Object value) throws ParseException {
            if (!text.startsWith(word, position)) {
                throw error("expected " + word, position);
            }
            position += word.length();
            return value;
        }

        private boolean peek(char c) {
            return position < text.length() && text.charAt(position) == c;
        }

        private void expect(char c) throws ParseException {
            if (!peek(c)) {
                throw error("expected '" + c + "'", position);
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
