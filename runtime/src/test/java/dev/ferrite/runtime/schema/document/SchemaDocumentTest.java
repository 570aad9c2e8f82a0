package dev.ferrite.runtime.schema.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.SchemaFileException;
import dev.ferrite.runtime.json.Json;
import dev.ferrite.runtime.struct.FieldChange;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaDocumentTest {
    private static final String NAME = "test.Order";

    @TempDir
    Path folder;

    private static SchemaDocument order(int version, long totalOffset) {
        return new SchemaDocument(NAME, StructType.typeIdOf(NAME), version, 8, 32,
                List.of(FieldDescriptor.of("id", FieldKind.LONG, 8, 8),
                        FieldDescriptor.of("total", FieldKind.INT, totalOffset, 4).since(version),
                        FieldDescriptor.of("state", FieldKind.ENUM, 20, 4).target("test.State")
                                .constants(List.of("NEW", "PAID"))),
                Map.of("total", List.of(new FieldChange("sum", version))), List.of(new FieldChange("memo", version)));
    }

    @Test
    void readsBackWhatItWrites() throws Json.ParseException {
        SchemaDocument order = order(2, 16);
        String json = order.toJson();
        assertTrue(json.contains("\"typeId\": \"" + String.format("0x%08x", StructType.typeIdOf(NAME)) + "\""), json);
        assertTrue(json.contains("\"renamedFrom\": [\n        {\n          \"name\": \"sum\",\n          \"since\": 2"), json);
        assertEquals(order, SchemaDocument.parse(json));
        assertEquals(json, SchemaDocument.parse(json).toJson());
    }

    @Test
    void collectionFieldsReadBackWithTheirKeyAndValueTypes() throws Json.ParseException {
        SchemaDocument shelf = new SchemaDocument("test.Shelf", StructType.typeIdOf("test.Shelf"), 1, 0, 24,
                List.of(FieldDescriptor.of("counts", FieldKind.SORTED_MAP, 8, 8).collection("String", "long"),
                        FieldDescriptor.of("order", FieldKind.LIST, 16, 8).collection("", "reference").target(NAME)),
                Map.of(), List.of());
        String json = shelf.toJson();
        assertTrue(json.contains("\"keys\": \"String\",\n      \"values\": \"long\""), json);
        assertEquals(shelf, SchemaDocument.parse(json));
        assertEquals("$.fields[0].keys is missing: a SORTED_MAP field names its key type",
                parseError(json.replace("\"keys\": \"String\",", "")));
        assertEquals("$.fields[1].keys is present, but a LIST field has no keys",
                parseError(json.replace("\"values\": \"reference\"", "\"keys\": \"long\", \"values\": \"reference\"")));
        assertTrue(!order(2, 16).toJson().contains("\"keys\""), "other fields have no keys or values members");
    }

    @Test
    void aBadMemberIsNamedByItsJsonPath() {
        String json = order(2, 16).toJson();
        assertEquals("$.fields[1].offset must be an integer", parseError(json.replace("\"offset\": 16", "\"offset\": \"16\"")));
        assertEquals("$.fields[2].kind \"COLOUR\" is none of " + List.of(FieldKind.values()),
                parseError(json.replace("\"ENUM\"", "\"COLOUR\"")));
        assertEquals("$.removed[0].since is 0, less than 1", parseError(json.replace("\"since\": 2\n    }\n  ]\n}",
                "\"since\": 0\n    }\n  ]\n}")));
        assertTrue(parseError(json.replace("\"typeId\": \"0x", "\"typeId\": \"0x1"))
                .startsWith("$.typeId \"0x1"), "a type id of nine digits");
        assertTrue(parseError(json.replace("test.Order", "test.Other")).contains("is not the type id of \"test.Other\""));
        assertEquals("$.fields[1] (\"total\") ends at 44, beyond the record size 32",
                parseError(json.replace("\"offset\": 16", "\"offset\": 40")));
        assertEquals("expected ':' at line 2, column 16", parseError("{\n  \"schemaName\" \"x\"\n}"));
    }

    @Test
    void aMisspeltMemberIsAnErrorNotAnIgnoredRename() {
        String json = order(2, 16).toJson();
        assertEquals("$.fields[1].renamedForm is not a member of this object; its members are [name, kind, offset,"
                + " elementSize, length, since, target, constants, keys, values, renamedFrom]",
                parseError(json.replace("\"renamedFrom\"", "\"renamedForm\"")));
        assertTrue(parseError(json.replace("\"reserve\"", "\"reserved\"")).startsWith("$.reserved is not a member"));
        assertTrue(parseError(json.replace("\"name\": \"sum\"", "\"name\": \"sum\", \"when\": 2"))
                .startsWith("$.fields[1].renamedFrom[0].when is not a member"));
    }

    @Test
    void fieldsThatShareANameOrBytesAreErrors() {
        String json = order(2, 16).toJson();
        assertEquals("$.fields[1].name \"id\" is also the name of $.fields[0]",
                parseError(json.replace("\"name\": \"total\"", "\"name\": \"id\"")));
        assertEquals("$.fields[1] (\"total\") at offset 12 overlaps $.fields[0] (\"id\"), which ends at 16",
                parseError(json.replace("\"offset\": 16", "\"offset\": 12")));
    }

    @Test
    void aSinceAfterTheVersionIsAnError() {
        String json = order(2, 16).toJson();
        assertEquals("$.fields[1].since is 3, after the schema's version 2",
                parseError(json.replace("\"offset\": 16,\n      \"elementSize\": 4,\n      \"length\": 1,\n"
                        + "      \"since\": 2", "\"offset\": 16,\n      \"elementSize\": 4,\n      \"length\": 1,\n"
                        + "      \"since\": 3")));
        assertEquals("$.removed[0].since is 3, after the schema's version 2", parseError(json.replace(
                "\"since\": 2\n    }\n  ]\n}", "\"since\": 3\n    }\n  ]\n}")));
        assertThrows(IllegalArgumentException.class, () -> new FieldChange("memo", 0));
    }

    @Test
    void anOffsetAndLengthThatOverflowAreAnErrorNotAWrappedSum() {
        String json = order(2, 16).toJson().replace("\"offset\": 16,\n      \"elementSize\": 4,\n      \"length\": 1",
                "\"offset\": 16,\n      \"elementSize\": 4611686018427387904,\n      \"length\": 4");
        assertEquals("$.fields[1] (\"total\"): offset 16 + elementSize 4611686018427387904 x length 4 is beyond any"
                + " record size", parseError(json));
    }

    private static String parseError(String json) {
        return assertThrows(Json.ParseException.class, () -> SchemaDocument.parse(json)).getMessage();
    }

    @Test
    void theFirstDifferenceIsNamed() {
        SchemaDocument order = order(2, 16);
        assertEquals(Optional.empty(), order.firstDifference(order(2, 16)));
        assertEquals(Optional.of("field \"total\": moved from offset 16 to 12"), order.firstDifference(order(2, 12)));
        SchemaDocument withoutEvolution = new SchemaDocument(NAME, order.typeId(), 2, 8, 32, order.fields(), Map.of(),
                List.of());
        assertEquals(Optional.of("the removed fields [FieldChange[name=memo, since=2]] became []"),
                order.firstDifference(withoutEvolution));
        assertEquals(Optional.empty(), order.layoutDifference(withoutEvolution), "the catalog stores no removals");
        assertEquals(Optional.of("test.Order version 2 became test.Order version 3"), order.layoutDifference(order(3, 16)));
    }

    @Test
    void renamesAndRemovalsCompareAsSetsWhateverTheirDeclarationOrder() {
        SchemaDocument order = order(3, 16);
        SchemaDocument declared = new SchemaDocument(NAME, order.typeId(), 3, 8, 32, order.fields(),
                Map.of("total", List.of(new FieldChange("sum", 3), new FieldChange("amount", 2))),
                List.of(new FieldChange("memo", 3), new FieldChange("note", 2)));
        SchemaDocument reordered = new SchemaDocument(NAME, order.typeId(), 3, 8, 32, order.fields(),
                Map.of("total", List.of(new FieldChange("amount", 2), new FieldChange("sum", 3))),
                List.of(new FieldChange("note", 2), new FieldChange("memo", 3)));
        assertEquals(Optional.empty(), declared.firstDifference(reordered));
        assertEquals(declared.toJson(), reordered.toJson(), "the exported file does not depend on the order either");
    }

    @Test
    void aMigratedFieldMayMoveWidenAndChangeItsConstants() {
        FieldDescriptor was = FieldDescriptor.of("total", FieldKind.INT, 16, 4).constants(List.of());
        FieldDescriptor widened = FieldDescriptor.of("total", FieldKind.LONG, 24, 8);
        assertEquals(Optional.empty(), SchemaDocument.fieldChange(was, widened, true));
        assertEquals(Optional.of("retyped from INT of 4 bytes to LONG of 8 bytes"),
                SchemaDocument.fieldChange(was, widened, false));
        assertEquals(Optional.of("retyped from INT of 4 bytes to SHORT of 2 bytes"),
                SchemaDocument.fieldChange(was, FieldDescriptor.of("total", FieldKind.SHORT, 16, 2), true),
                "a narrowing is no widening");
    }

    @Test
    void onlyLosslessConversionsNeedNoHook() {
        assertEquals(Optional.of(FieldConversion.WIDEN), conversion(FieldKind.INT, 4, 1, FieldKind.DOUBLE, 8, 1));
        assertEquals(Optional.of(FieldConversion.WIDEN), conversion(FieldKind.SHORT, 2, 1, FieldKind.FLOAT, 4, 1));
        assertEquals(Optional.empty(), conversion(FieldKind.INT, 4, 1, FieldKind.FLOAT, 4, 1), "rounds above 2^24");
        assertEquals(Optional.empty(), conversion(FieldKind.LONG, 8, 1, FieldKind.FLOAT, 4, 1));
        assertEquals(Optional.empty(), conversion(FieldKind.LONG, 8, 1, FieldKind.DOUBLE, 8, 1), "rounds above 2^53");
        assertEquals(Optional.of(FieldConversion.WIDEN), conversion(FieldKind.INT, 4, 3, FieldKind.LONG, 8, 5),
                "an array may grow while it widens");
        assertEquals(Optional.empty(), conversion(FieldKind.INT, 4, 3, FieldKind.LONG, 8, 2), "a shorter array loses elements");
        assertEquals(Optional.of(FieldConversion.FIXED_STRING), conversion(FieldKind.FIXED_STRING, 8, 1,
                FieldKind.FIXED_STRING, 16, 1));
    }

    @Test
    void theProcessorAcceptsForAMigratedVersionExactlyWhatTheMigrationConverts() {
        FieldKind[] kinds = {FieldKind.BYTE, FieldKind.SHORT, FieldKind.CHAR, FieldKind.INT, FieldKind.LONG,
                FieldKind.FLOAT, FieldKind.DOUBLE, FieldKind.FIXED_STRING};
        long[] sizes = {1, 2, 2, 4, 8, 4, 8, 10};
        for (int from = 0; from < kinds.length; from++) {
            for (int to = 0; to < kinds.length; to++) {
                for (int length = 1; length <= 3; length++) {
                    FieldDescriptor was = FieldDescriptor.of("x", kinds[from], 8, sizes[from]).array(2);
                    FieldDescriptor now = FieldDescriptor.of("x", kinds[to], 16, sizes[to] * (to == 7 ? 2 : 1))
                            .array(length);
                    assertEquals(FieldConversion.between(was, now).isPresent(),
                            SchemaDocument.fieldChange(was, now, true).isEmpty(), was + " -> " + now);
                }
            }
        }
    }

    private static Optional<FieldConversion> conversion(FieldKind from, long fromSize, int fromLength, FieldKind to,
            long toSize, int toLength) {
        return FieldConversion.between(FieldDescriptor.of("x", from, 8, fromSize).array(fromLength),
                FieldDescriptor.of("x", to, 8, toSize).array(toLength));
    }

    @Test
    void aFolderYieldsTheVersionsOfASchemaAndNamesABadFile() throws IOException {
        SchemaFolder schemas = new SchemaFolder(folder);
        Files.createDirectories(folder.resolve(NAME));
        Files.writeString(schemas.file(NAME, 1), order(1, 16).toJson());
        Files.writeString(schemas.file(NAME, 2), order(2, 16).toJson());
        Files.writeString(folder.resolve(NAME).resolve("notes.txt"), "not a schema");
        assertEquals(List.of(1, 2), List.copyOf(schemas.versions(NAME).keySet()));
        assertEquals(Optional.of(order(2, 16)), schemas.newest(NAME));
        assertEquals(Optional.empty(), schemas.newest("test.Unknown"));

        Files.writeString(schemas.file(NAME, 3), order(2, 16).toJson());
        SchemaFileException wrongVersion = assertThrows(SchemaFileException.class, () -> schemas.versions(NAME));
        assertEquals(schemas.file(NAME, 3), wrongVersion.file());
        assertEquals("it holds test.Order version 2, not test.Order version 3", wrongVersion.problem());

        Files.writeString(schemas.file(NAME, 3), "{\"schemaName\": ");
        SchemaFileException malformed = assertThrows(SchemaFileException.class, () -> schemas.version(NAME, 3));
        assertEquals("cannot read the exported schema " + schemas.file(NAME, 3)
                + ": unexpected end of input at line 1, column 16", malformed.getMessage());
    }
}
