package dev.ferrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.ferrite.processor.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Aferrite.schemaLocation}: export, and the check of new versions against exported ones. */
class SchemaExportTest {
    @TempDir
    Path schemas;

    private static final String V1_FIELDS = """
                long id();
                void id(long v);
                Color color();
                @FixedString(6) String name();
            """;

    private static JavaFileObject account(int version, String enumConstants, String members) {
        List<String> lines = new ArrayList<>(List.of(
                "package test;",
                "import dev.ferrite.annotations.*;",
                "@PersistentStruct(version = " + version + ", reserve = 16)",
                "public interface Account {"));
        lines.addAll(members.lines().toList());
        lines.add("    enum Color { " + enumConstants + " }");
        lines.add("}");
        return Compilations.source("test.Account", lines.toArray(String[]::new));
    }

    /** Processing only: what is checked here is decided before any generated code is compiled. */
    private Compilation compile(JavaFileObject source) {
        return Compilations.compiler("-proc:only", "-A" + FerriteProcessor.SCHEMA_LOCATION + "=" + schemas)
                .compile(source);
    }

    private Path exported(int version) {
        return schemas.resolve("test.Account").resolve(version + ".json");
    }

    private void exportVersion1() {
        assertThat(compile(account(1, "RED, GREEN", V1_FIELDS))).succeededWithoutWarnings();
    }

    @Test
    void exportsOneReproducibleFilePerStructAndVersion() throws IOException {
        exportVersion1();
        String json = Files.readString(exported(1));
        assertEquals("""
                {
                  "schemaName": "test.Account",
                  "typeId": "%s",
                  "version": 1,
                  "reserve": 16,
                  "size": 48,
                  "fields": [
                    {
                      "name": "id",
                      "kind": "LONG",
                      "offset": 8,
                      "elementSize": 8,
                      "length": 1,
                      "since": 1,
                      "target": "",
                      "constants": []
                    },
                    {
                      "name": "color",
                      "kind": "ENUM",
                      "offset": 16,
                      "elementSize": 4,
                      "length": 1,
                      "since": 1,
                      "target": "test.Account$Color",
                      "constants": ["RED", "GREEN"]
                    },
                    {
                      "name": "name",
                      "kind": "FIXED_STRING",
                      "offset": 20,
                      "elementSize": 8,
                      "length": 1,
                      "since": 1,
                      "target": "",
                      "constants": []
                    }
                  ]
                }
                """.formatted(dev.ferrite.processor.model.TypeIds.hex(
                        dev.ferrite.runtime.struct.StructType.typeIdOf("test.Account"))), json);
        exportVersion1();
        assertEquals(json, Files.readString(exported(1)), "recompiling leaves the file as it was");
    }

    @Test
    void theSchemaDocumentBesideTheClassesIsTheExportedFileWithOrWithoutAnExportFolder() throws IOException {
        String resource = "META-INF/ferrite/schemas/test.Account/1.json";
        Compilation exporting = compile(account(1, "RED, GREEN", V1_FIELDS));
        assertThat(exporting).succeededWithoutWarnings();
        String exported = Files.readString(exported(1));
        assertThat(exporting).generatedFile(StandardLocation.CLASS_OUTPUT, resource).contentsAsUtf8String()
                .isEqualTo(exported);
        Compilation plain = Compilations.compiler("-proc:only").compile(account(1, "RED, GREEN", V1_FIELDS));
        assertThat(plain).succeededWithoutWarnings();
        assertThat(plain).generatedFile(StandardLocation.CLASS_OUTPUT, resource).contentsAsUtf8String()
                .isEqualTo(exported);
    }

    @Test
    void newVersionWithSinceFieldsAndAppendedEnumConstantsIsAccepted() throws IOException {
        exportVersion1();
        String version1 = Files.readString(exported(1));
        Compilation compilation = compile(account(2, "RED, GREEN, BLUE", V1_FIELDS + """
                    @Since(2) int extra();
                    @Since(2) @Array(length = 2) short more(int i);
                """));
        assertThat(compilation).succeededWithoutWarnings();
        assertEquals(version1, Files.readString(exported(1)));
        String version2 = Files.readString(exported(2));
        assertEquals(true, version2.contains("\"name\": \"more\""), version2);
        assertEquals(true, version2.contains("[\"RED\", \"GREEN\", \"BLUE\"]"), version2);
    }

    @Test
    void changingAnExportedVersionWithoutBumpingItIsRejected() {
        exportVersion1();
        JavaFileObject source = account(1, "RED, GREEN", V1_FIELDS + "    int extra();\n");
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(Diagnostic.SCHEMA_CHANGED_WITHOUT_VERSION_BUMP.tag())
                .inFile(source).onLineContaining("interface Account");
        assertThat(compilation).hadErrorContaining("field \"extra\" was added");
    }

    @Test
    void fieldMovedByANewVersionIsRejectedNamingFieldAndBothVersions() throws IOException {
        exportVersion1();
        JavaFileObject source = account(2, "RED, GREEN", """
                    long id();
                    void id(long v);
                    int inserted();
                    Color color();
                    @FixedString(6) String name();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining(Diagnostic.SCHEMA_INCOMPATIBLE.tag()
                        + " Account version 2 changes the field \"color\" of exported version 1 (moved from offset 16 to 20)")
                .inFile(source).onLineContaining("Color color()");
        assertThat(compilation).hadErrorContaining("\"name\" of exported version 1 (moved from offset 20 to 24)")
                .inFile(source).onLineContaining("String name()");
        assertFalse(Files.exists(exported(2)), "an incompatible version is not exported");
    }

    @Test
    void fieldRetypedByANewVersionIsRejected() {
        exportVersion1();
        JavaFileObject source = account(2, "RED, GREEN", V1_FIELDS.replace("long id();\n    void id(long v);",
                "double id();\n    void id(double v);"));
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("changes the field \"id\" of exported version 1 (retyped from"
                + " LONG of 8 bytes to DOUBLE of 8 bytes)").inFile(source).onLineContaining("double id()");
    }

    private static JavaFileObject shelf(int version, String members) {
        List<String> lines = new ArrayList<>(List.of(
                "package test;",
                "import dev.ferrite.annotations.*;",
                "import dev.ferrite.runtime.*;",
                "@PersistentStruct(version = " + version + ")",
                "public interface Shelf {"));
        lines.addAll(members.lines().toList());
        lines.add("    @PersistentStruct interface Book { long id(); }");
        lines.add("}");
        return Compilations.source("test.Shelf", lines.toArray(String[]::new));
    }

    @Test
    void collectionFieldsAreExportedWithTheirKeyAndValueTypes() throws IOException {
        assertThat(compile(shelf(1, """
                    PersistentSortedMap<String, Long> counts();
                    @Owned PersistentSortedMap<Long, Book> books();
                    PersistentList<Book> order();
                """))).succeededWithoutWarnings();
        String json = Files.readString(schemas.resolve("test.Shelf").resolve("1.json"));
        assertTrue(json.contains("""
                      "name": "counts",
                      "kind": "SORTED_MAP",
                      "offset": 8,
                      "elementSize": 8,
                      "length": 1,
                      "since": 1,
                      "target": "",
                      "constants": [],
                      "keys": "String",
                      "values": "long"
                """), json);
        assertTrue(json.contains("""
                      "target": "test.Shelf.Book",
                      "constants": [],
                      "keys": "long",
                      "values": "struct"
                """), json);
        assertTrue(json.contains("""
                      "kind": "LIST",
                      "offset": 24,
                      "elementSize": 8,
                      "length": 1,
                      "since": 1,
                      "target": "test.Shelf.Book",
                      "constants": [],
                      "values": "reference"
                """), json);
    }

    @Test
    void changingTheKeyOrValueTypesOfACollectionFieldIsRejected() {
        assertThat(compile(shelf(1, """
                    PersistentSortedMap<String, Long> counts();
                    @Owned PersistentSortedMap<Long, Book> books();
                """))).succeededWithoutWarnings();
        JavaFileObject source = shelf(2, """
                    PersistentSortedMap<Long, Long> counts();
                    PersistentSortedMap<Long, Book> books();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining("changes the field \"counts\" of exported version 1 (retyped from"
                + " SORTED_MAP String to long of 8 bytes to SORTED_MAP long to long of 8 bytes)")
                .inFile(source).onLineContaining("counts()");
        assertThat(compilation).hadErrorContaining("changes the field \"books\" of exported version 1 (retyped from"
                + " SORTED_MAP long to struct test.Shelf.Book of 8 bytes to SORTED_MAP long to reference"
                + " test.Shelf.Book of 8 bytes)").inFile(source).onLineContaining("books()");
    }

    @Test
    void fieldDroppedByANewVersionIsRejected() {
        exportVersion1();
        JavaFileObject source = account(2, "RED, GREEN", """
                    long id();
                    Color color();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("changes the field \"name\" of exported version 1 (it was dropped;"
                        + " if that is intended, declare @RemovedField(name = \"name\", since = 2) on the struct")
                .inFile(source).onLineContaining("interface Account");
    }

    @Test
    void enumConstantsReorderedByANewVersionAreRejected() {
        exportVersion1();
        JavaFileObject source = account(2, "GREEN, RED", V1_FIELDS);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("enum constants [RED, GREEN] became [GREEN, RED]")
                .inFile(source).onLineContaining("Color color()");
    }

    @Test
    void unreadableExportedSchemaIsAnError() throws IOException {
        Files.createDirectories(exported(1).getParent());
        Files.writeString(exported(1), "{\"schemaName\": ");
        JavaFileObject source = account(2, "RED, GREEN", V1_FIELDS);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(Diagnostic.SCHEMA_FILE.tag() + " cannot read the exported schema")
                .inFile(source).onLineContaining("interface Account");
    }

    private static JavaFileObject accountWithAnnotations(int version, String structAnnotations, String members) {
        return Compilations.source("test.Account", (String.join("\n",
                "package test;",
                "import dev.ferrite.annotations.*;",
                structAnnotations,
                "@PersistentStruct(version = " + version + ", reserve = 16)",
                "public interface Account {") + "\n" + members + "    enum Color { RED, GREEN }\n}\n").split("\n"));
    }

    @Test
    void declaredRenameInABumpedVersionIsAcceptedAndExported() throws IOException {
        exportVersion1();
        Compilation compilation = compile(accountWithAnnotations(2, "", """
                    long id();
                    void id(long v);
                    Color color();
                    @RenamedFrom(value = "name", since = 2) @FixedString(6) String label();
                """));
        assertThat(compilation).succeededWithoutWarnings();
        String version2 = Files.readString(exported(2));
        assertEquals(true, version2.contains("\"name\": \"label\",\n      \"kind\": \"FIXED_STRING\",\n"
                + "      \"offset\": 20,"), version2);
        assertEquals(true, version2.contains("\"constants\": [],\n      \"renamedFrom\": [\n        {\n"
                + "          \"name\": \"name\",\n          \"since\": 2\n        }\n      ]\n    }"), version2);
        assertFalse(version2.contains("\"removed\""), version2);
        assertThat(compile(accountWithAnnotations(2, "", """
                    long id();
                    void id(long v);
                    Color color();
                    @RenamedFrom(value = "name", since = 2) @FixedString(6) String label();
                """))).succeededWithoutWarnings();
    }

    @Test
    void declaredRemovalInABumpedVersionIsAcceptedEvenThoughLaterFieldsMove() throws IOException {
        exportVersion1();
        Compilation compilation = compile(accountWithAnnotations(2, "@RemovedField(name = \"id\", since = 2)", """
                    Color color();
                    @FixedString(6) String name();
                """));
        assertThat(compilation).succeededWithoutWarnings();
        String version2 = Files.readString(exported(2));
        assertEquals(true, version2.contains("""
                  "removed": [
                    {
                      "name": "id",
                      "since": 2
                    }
                  ]
                """), version2);
        assertEquals(true, version2.contains("\"offset\": 8,"), "color moved up to offset 8: " + version2);
    }

    @Test
    void aRemovalDeclaredForAnAlreadyExportedVersionDoesNotExcuseTheDrop() throws IOException {
        exportVersion1();
        assertThat(compile(account(2, "RED, GREEN", V1_FIELDS + "    @Since(2) int extra();\n")))
                .succeededWithoutWarnings();
        JavaFileObject source = accountWithAnnotations(3, "@RemovedField(name = \"id\", since = 2)", """
                    Color color();
                    @FixedString(6) String name();
                    @Since(2) int extra();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorContaining(
                        "Account version 3 changes the field \"id\" of exported version 2 (it was dropped")
                .inFile(source).onLineContaining("interface Account");
        assertFalse(Files.exists(exported(3)));
    }

    @Test
    void aRenameOrRemovalAboveTheStructsVersionIsRejected() {
        JavaFileObject source = accountWithAnnotations(1, "@RemovedField(name = \"memo\", since = 2)", """
                    long id();
                    @RenamedFrom(value = "title", since = 2) @FixedString(6) String name();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining(Diagnostic.EVOLUTION_SINCE.tag()
                        + " @RemovedField(since = 2) on test.Account: since is the first version with the change,"
                        + " from 2 to the struct's version 1")
                .inFile(source).onLineContaining("@RemovedField");
        assertThat(compilation).hadErrorContaining(Diagnostic.EVOLUTION_SINCE.tag() + " @RenamedFrom(since = 2) on name()")
                .inFile(source).onLineContaining("@RenamedFrom");
    }

    @Test
    void aRenameOrRemovalSinceVersionZeroIsAnErrorNotACrash() {
        JavaFileObject source = accountWithAnnotations(2, "@RemovedField(name = \"memo\", since = 0)", """
                    long id();
                    @RenamedFrom(value = "title", since = 0) @FixedString(6) String name();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(2);
        assertThat(compilation).hadErrorContaining(Diagnostic.EVOLUTION_SINCE.tag() + " @RemovedField(since = 0)")
                .inFile(source).onLineContaining("@RemovedField");
        assertThat(compilation).hadErrorContaining(Diagnostic.EVOLUTION_SINCE.tag() + " @RenamedFrom(since = 0)")
                .inFile(source).onLineContaining("@RenamedFrom");
    }

    @Test
    void aRenameNotAboveTheFieldsSinceIsRejected() {
        JavaFileObject source = accountWithAnnotations(3, "", """
                    long id();
                    @Since(3) @RenamedFrom(value = "title", since = 3) @FixedString(6) String name();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("and above the field's @Since(3)")
                .inFile(source).onLineContaining("@RenamedFrom");
    }

    @Test
    void conflictingRenamesAndRemovalsAreRejected() {
        JavaFileObject source = accountWithAnnotations(2, "@RemovedField(name = \"id\", since = 2)\n"
                + "@RemovedField(name = \"memo\", since = 2)\n@RemovedField(name = \"memo\", since = 2)", """
                    long id();
                    @RenamedFrom(value = "id", since = 2) @FixedString(6) String name();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(3);
        assertThat(compilation).hadErrorContaining(Diagnostic.RENAMED_FROM_CONFLICT.tag()
                        + " @RenamedFrom(\"id\") on name(): \"id\" is the name of another field")
                .inFile(source).onLineContaining("@RenamedFrom");
        assertThat(compilation).hadErrorContaining(Diagnostic.REMOVED_FIELD_CONFLICT.tag()
                        + " @RemovedField(name = \"id\") on test.Account: the struct still has a field \"id\"")
                // javac places the annotations it wrapped in their container on the struct itself
                .inFile(source).onLineContaining("interface Account");
        assertThat(compilation).hadErrorContaining("@RemovedField(name = \"memo\") on test.Account: the field is"
                + " declared removed twice");
    }

    @Test
    void aRenamedGetterWithoutTheDeclarationIsAnUndeclaredDrop() {
        exportVersion1();
        JavaFileObject source = accountWithAnnotations(2, "", """
                    long id();
                    void id(long v);
                    Color color();
                    @FixedString(6) String label();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("Account version 2 changes the field \"name\" of exported"
                + " version 1 (it was dropped; if that is intended, declare @RemovedField(name = \"name\", since = 2)"
                + " on the struct, or @RenamedFrom(value = \"name\", since = 2) on its new getter)");
    }

    @Test
    void aDeclaredRenameStillRejectsARetype() {
        exportVersion1();
        JavaFileObject source = accountWithAnnotations(2, "", """
                    long id();
                    void id(long v);
                    Color color();
                    @RenamedFrom(value = "name", since = 2) String label();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("Account version 2 changes the field \"name\" of exported version 1"
                        + " (retyped from FIXED_STRING of 8 bytes to STRING of 8 bytes)")
                .inFile(source).onLineContaining("String label()");
    }

    @Test
    void aVersionThatIsMigratedMayWidenExactlyResizeAFixedStringAndRemoveAnEnumConstant() {
        assertThat(compile(account(1, "RED, GREEN", """
                    int count();
                    Color color();
                    @FixedString(6) String name();
                """))).succeededWithoutWarnings();
        String fields = """
                    double count();
                    Color color();
                    @RenamedFrom(value = "name", since = 2) @FixedString(14) String label();
                """;
        assertThat(compile(account(2, "GREEN, BLUE", fields))).succeededWithoutWarnings();
    }

    @Test
    void aVersionThatIsMigratedMayNotWidenWithLoss() {
        exportVersion1();
        JavaFileObject source = accountWithAnnotations(2, "", """
                    double id();
                    Color color();
                    @RenamedFrom(value = "name", since = 2) @FixedString(6) String label();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("changes the field \"id\" of exported version 1"
                + " (retyped from LONG of 8 bytes to DOUBLE of 8 bytes)").inFile(source).onLineContaining("double id()");
    }

    @Test
    void aVersionThatIsMigratedStillMayNotNarrowAField() {
        exportVersion1();
        JavaFileObject source = accountWithAnnotations(2, "", """
                    int id();
                    Color color();
                    @RenamedFrom(value = "name", since = 2) @FixedString(6) String label();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("changes the field \"id\" of exported version 1"
                + " (retyped from LONG of 8 bytes to INT of 4 bytes)");
    }

    @Test
    void aFieldRenamedTwiceIsCheckedAgainstEveryEarlierVersion() throws IOException {
        exportVersion1();
        String fields = """
                    long id();
                    void id(long v);
                    Color color();
                """;
        assertThat(compile(accountWithAnnotations(2, "", fields
                + "    @RenamedFrom(value = \"name\", since = 2) @FixedString(6) String label();\n")))
                .succeededWithoutWarnings();
        JavaFileObject version3 = accountWithAnnotations(3, "", fields
                + "    @RenamedFrom(value = \"name\", since = 2) @RenamedFrom(value = \"label\", since = 3)\n"
                + "    @FixedString(6) String title();\n");
        assertThat(compile(version3)).succeededWithoutWarnings();
        assertEquals(true, Files.readString(exported(3)).contains("\"name\": \"label\",\n          \"since\": 3"));

        JavaFileObject forgotTheFirst = accountWithAnnotations(4, "", fields
                + "    @RenamedFrom(value = \"label\", since = 3) @FixedString(6) String title();\n");
        Compilation compilation = compile(forgotTheFirst);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("Account version 4 changes the field \"name\" of exported version 1"
                + " (it was dropped");
    }

    @Test
    void aFieldRenamedTwiceInOneVersionIsRejected() {
        JavaFileObject source = accountWithAnnotations(3, "", """
                    long id();
                    @RenamedFrom(value = "a", since = 3) @RenamedFrom(value = "b", since = 3) long c();
                """);
        Compilation compilation = compile(source);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining("@RenamedFrom(\"b\") on c(): the field is renamed twice in version 3");
    }
}
