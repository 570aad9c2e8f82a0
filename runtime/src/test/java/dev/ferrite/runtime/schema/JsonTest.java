package dev.ferrite.runtime.schema;

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
}
