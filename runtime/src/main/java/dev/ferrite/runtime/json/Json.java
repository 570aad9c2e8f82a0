package dev.ferrite.runtime.json;

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

        public ParseException(String message) {
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
        if (text.startsWith("\uFEFF")) {
            throw parser.error("the text starts with a byte order mark (U+FEFF), which JSON does not allow;"
                    + " save the file as UTF-8 without one", 0);
        }
        Object value = parser.value();
        parser.skipWhitespace();
        if (parser.position < text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.position) + "' after the value", parser.position);
        }
        return value;
    }

    private static final class Parser {
        /** Far deeper than any schema, and shallow enough that the recursion cannot overflow the stack. */
        private static final int MAX_DEPTH = 256;

        private final String text;
        private int position;
        private int depth;

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
            if ((c == '{' || c == '[') && depth == MAX_DEPTH) {
                throw error("objects and arrays nested deeper than " + MAX_DEPTH, position);
            }
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || isDigit(c)) {
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
            depth++;
            while (true) {
                skipWhitespace();
                if (!peek('"')) {
                    throw error("expected a quoted member name", position);
                }
                int at = position;
                String name = string();
                skipWhitespace();
                expect(':');
                if (map.containsKey(name)) {
                    throw error("duplicate member \"" + name + "\"", at);
                }
                map.put(name, value());
                skipWhitespace();
                if (peek(',')) {
                    position++;
                } else {
                    expect('}');
                    depth--;
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
            depth++;
            while (true) {
                list.add(value());
                skipWhitespace();
                if (peek(',')) {
                    position++;
                } else {
                    expect(']');
                    depth--;
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
                if (c < 0x20) {
                    throw error(String.format("control character U+%04X in a string; write it as \\u%04x", (int) c,
                            (int) c), position - 1);
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
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = position + i < text.length() ? hexDigit(text.charAt(position + i)) : -1;
                            if (digit < 0) {
                                throw error("\\u must be followed by four hex digits", position - 2);
                            }
                            code = code * 16 + digit;
                        }
                        out.append((char) code);
                        position += 4;
                    }
                    default -> throw error("bad escape \\" + escaped, position - 1);
                }
            }
        }

        /** An integer as JSON writes it: an optional minus, then 0 or digits not starting with 0. */
        private Long number() throws ParseException {
            int start = position;
            if (peek('-')) {
                position++;
            }
            int digits = position;
            while (position < text.length() && isDigit(text.charAt(position))) {
                position++;
            }
            if (position == digits) {
                throw error("a digit must follow '-'", position);
            }
            if (text.charAt(digits) == '0' && position - digits > 1) {
                throw error("a number may not start with 0", digits);
            }
            if (position < text.length() && ".eE".indexOf(text.charAt(position)) >= 0) {
                throw error("only integers are expected", position);
            }
            try {
                return Long.parseLong(text.substring(start, position));
            } catch (NumberFormatException e) {
                throw error("the number " + text.substring(start, position) + " is out of range (" + Long.MIN_VALUE
                        + " to " + Long.MAX_VALUE + ")", start);
            }
        }

        private static int hexDigit(char c) {
            return isDigit(c) ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }

        /** JSON's digits are ASCII: {@link Character#isDigit} would also accept other scripts' digits. */
        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
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

        /** JSON's whitespace: space, tab, line feed and carriage return, nothing else. */
        void skipWhitespace() {
            while (position < text.length() && " \t\n\r".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
        }
    }
}
