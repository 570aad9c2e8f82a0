package dev.ferrite.runtime.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void writesPrettyDeterministicJsonThatReadsBack() throws Json.ParseException {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("name", "quote \" backslash \\ newline \n tab \t control \u0001 ünï");
        value.put("negative", Long.MIN_VALUE);
        value.put("flags", List.of(true, false));
        value.put("nothing", null);
        value.put("empty", List.of());
        value.put("objects", List.of(Map.of("a", 1L), Map.of()));
        String json = Json.write(value);
        assertEquals("""
                {
                  "name": "quote \\" backslash \\\\ newline \\n tab \\t control \\u0001 ünï",
                  "negative": -9223372036854775808,
                  "flags": [true, false],
                  "nothing": null,
                  "empty": [],
                  "objects": [
                    {
                      "a": 1
                    },
                    {}
                  ]
                }
                """, json);
        assertEquals(value, Json.parse(json));
        assertEquals("\u00e9/", Json.parse("\"\\u00e9\\/\""));
    }

    @Test
    void namesTheLineAndColumnOfAProblem() {
        Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse("{\n  \"a\": 1,\n  \"b\": x\n}"));
        assertEquals("unexpected 'x' at line 3, column 8", e.getMessage());
    }

    @Test
    void writesNonFiniteNumbersAsStrings() {
        assertEquals("[1.5, \"NaN\", \"Infinity\"]", Json.write(List.of(1.5, Double.NaN, Float.POSITIVE_INFINITY), ""));
    }

    @Test
    void rejectsMalformedInputWithThePosition() {
        for (String bad : List.of("{", "[1,]", "{\"a\" 1}", "\"open", "1.5", "{\"a\":1,\"a\":2}", "[1] x", "tru")) {
            Json.ParseException e = assertThrows(Json.ParseException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().matches(".* at line 1, column [0-9]+"), e.getMessage());
        }
    }

    private static String error(String json) {
        return assertThrows(Json.ParseException.class, () -> Json.parse(json), json).getMessage();
    }

    @Test
    void aMemberRepeatedAfterANullIsADuplicate() {
        assertEquals("duplicate member \"a\" at line 1, column 11", error("{\"a\":null,\"a\":1}"));
    }

    @Test
    void aUnicodeEscapeIsExactlyFourHexDigits() throws Json.ParseException {
        assertEquals("\u00ff\u00AB", Json.parse("\"\\u00ff\\u00AB\""));
        for (String bad : List.of("\"\\u+0ff\"", "\"\\u-0ff\"", "\"\\u00f\"", "\"\\u00\"", "\"\\u\u0661\u0662\u0663\u0664\"")) {
            assertEquals("\\u must be followed by four hex digits at line 1, column 2", error(bad));
        }
    }

    @Test
    void numbersAreAsciiDigitsWithoutLeadingZeros() throws Json.ParseException {
        assertEquals(0L, Json.parse("0"));
        assertEquals(-10L, Json.parse("-10"));
        assertEquals("a number may not start with 0 at line 1, column 1", error("01"));
        assertEquals("a number may not start with 0 at line 1, column 3", error("[-007]"));
        assertEquals("a digit must follow '-' at line 1, column 2", error("-"));
        assertEquals("a digit must follow '-' at line 1, column 2", error("-\u0661"), "an Arabic-Indic digit");
        assertEquals("unexpected '\u0661' after the value at line 1, column 2", error("1\u0661"));
    }

    @Test
    void anOutOfRangeNumberSaysSoAndWhere() {
        assertEquals("the number 9223372036854775808 is out of range (-9223372036854775808 to 9223372036854775807)"
                + " at line 2, column 8", error("{\n  \"a\": 9223372036854775808}"));
    }

    @Test
    void aRawControlCharacterInAStringIsRejected() {
        assertEquals("control character U+0009 in a string; write it as \\u0009 at line 1, column 3", error("\"a\tb\""));
        assertEquals("control character U+000A in a string; write it as \\u000a at line 1, column 3", error("\"a\nb\""));
    }

    @Test
    void aByteOrderMarkIsNamed() {
        assertEquals("the text starts with a byte order mark (U+FEFF), which JSON does not allow; save the file as"
                + " UTF-8 without one at line 1, column 1", error("\uFEFF{}"));
    }

    @Test
    void deepNestingIsAParseErrorNotAStackOverflow() throws Json.ParseException {
        assertEquals(List.of(List.of()), Json.parse("[[]]"));
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertEquals("objects and arrays nested deeper than 256 at line 1, column 257", error(deep));
        String deepObjects = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        assertTrue(error(deepObjects).startsWith("objects and arrays nested deeper than 256"));
    }

    @Test
    void onlyJsonWhitespaceSeparatesTokens() {
        assertEquals("unexpected '\u000b' at line 1, column 2", error("[\u000b1]"));
    }
}
