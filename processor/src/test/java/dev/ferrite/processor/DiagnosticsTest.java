package dev.ferrite.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.ferrite.annotations.PersistentStruct;
import dev.ferrite.processor.diag.Diagnostic;
import dev.ferrite.processor.model.TypeIds;
import dev.ferrite.runtime.struct.StructType;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rejected misuse: the error's tag, its line, and that nothing is generated. */
class DiagnosticsTest {
    private static final String IMPORTS = "import dev.ferrite.annotations.*;";

    /** Compiles {@code test.Bad} from {@code lines} and expects exactly one error, with {@code diagnostic}'s tag. */
    private static Compilation assertRejected(Diagnostic diagnostic, String onLine, String... lines) {
        List<String> source = new ArrayList<>(List.of("package test;", IMPORTS));
        source.addAll(List.of(lines));
        JavaFileObject file = Compilations.source("test.Bad", source.toArray(String[]::new));
        Compilation compilation = Compilations.compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(diagnostic.tag()).inFile(file).onLineContaining(onLine);
        return compilation;
    }

    private static void assertMessageContains(Compilation compilation, String... parts) {
        String message = compilation.errors().getFirst().getMessage(Locale.ROOT);
        for (String part : parts) {
            assertTrue(message.contains(part), "\"" + part + "\" in: " + message);
        }
    }

    @Test
    void classInsteadOfInterface() {
        Compilation compilation = assertRejected(Diagnostic.NOT_AN_INTERFACE, "abstract class Bad",
                "@PersistentStruct",
                "public abstract class Bad {",
                "    public abstract long id();",
                "}");
        assertMessageContains(compilation, "class test.Bad", "declare it as an interface");
    }

    @Test
    void recordInsteadOfInterface() {
        assertRejected(Diagnostic.NOT_AN_INTERFACE, "record Bad",
                "@PersistentStruct",
                "public record Bad(long id) {}");
    }

    @Test
    void genericInterface() {
        assertRejected(Diagnostic.GENERIC_STRUCT, "interface Bad<T>",
                "@PersistentStruct",
                "public interface Bad<T> {",
                "    long id();",
                "}");
    }

    @Test
    void versionBelowOne() {
        Compilation compilation = assertRejected(Diagnostic.INVALID_VERSION, "version = 0",
                "@PersistentStruct(version = 0)",
                "public interface Bad {",
                "    long id();",
                "}");
        assertMessageContains(compilation, "version = 0", "from 1 to 65535");
    }

    @Test
    void negativeReserve() {
        Compilation compilation = assertRejected(Diagnostic.NEGATIVE_RESERVE, "reserve = -8",
                "@PersistentStruct(reserve = -8)",
                "public interface Bad {",
                "    long id();",
                "}");
        assertMessageContains(compilation, "-8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "..", ".", "a..b", "a.", "a%b", "Acme<V2>", "x|y", "a b", " "})
    void schemaNameThatCannotBeAFileOrResourceName(String name) {
        assertRejected(Diagnostic.INVALID_SCHEMA_NAME, "name = \"" + name + "\"",
                "@PersistentStruct(name = \"" + name + "\")",
                "public interface Bad {",
                "    long id();",
                "}");
    }

    @Test
    void unsupportedReturnType() {
        Compilation compilation = assertRejected(Diagnostic.UNSUPPORTED_TYPE, "List<String> names()",
                "@PersistentStruct",
                "public interface Bad {",
                "    long id();",
                "    java.util.List<String> names();",
                "}");
        assertMessageContains(compilation, "names()", "java.util.List<java.lang.String>", "use a primitive");
    }

    @Test
    void javaArrayInsteadOfArrayAnnotation() {
        assertRejected(Diagnostic.UNSUPPORTED_TYPE, "long[] values()",
                "@PersistentStruct",
                "public interface Bad {",
                "    long[] values();",
                "}");
    }

    @Test
    void unsupportedParameterTypeOfASetter() {
        Compilation compilation = assertRejected(Diagnostic.SETTER_TYPE_MISMATCH, "void when(",
                "@PersistentStruct",
                "public interface Bad {",
                "    long when();",
                "    void when(java.time.Instant value);",
                "}");
        assertMessageContains(compilation, "java.time.Instant", "when(long value)");
    }

    @Test
    void getterWithParametersButNoArray() {
        assertRejected(Diagnostic.UNEXPECTED_PARAMETERS, "long value(int i)",
                "@PersistentStruct",
                "public interface Bad {",
                "    long value(int i);",
                "}");
    }

    @Test
    void setterWithoutGetter() {
        Compilation compilation = assertRejected(Diagnostic.SETTER_WITHOUT_GETTER, "void id(long v)",
                "@PersistentStruct",
                "public interface Bad {",
                "    void id(long v);",
                "}");
        assertMessageContains(compilation, "id()");
    }

    @Test
    void setterOfAnotherType() {
        Compilation compilation = assertRejected(Diagnostic.SETTER_TYPE_MISMATCH, "void id(int v)",
                "@PersistentStruct",
                "public interface Bad {",
                "    long id();",
                "    void id(int v);",
                "}");
        assertMessageContains(compilation, "(int)", "long");
    }

    @Test
    void setterReturningSomethingElse() {
        assertRejected(Diagnostic.SETTER_RETURN_TYPE, "int id(long v)",
                "@PersistentStruct",
                "public interface Bad {",
                "    long id();",
                "    int id(long v);",
                "}");
    }

    @Test
    void twoGettersForOneName() {
        Compilation compilation = assertRejected(Diagnostic.DUPLICATE_ACCESSOR, "long id(int i)",
                "@PersistentStruct",
                "public interface Bad {",
                "    long id();",
                "    @Array(length = 2) long id(int i);",
                "}");
        assertMessageContains(compilation, "\"id\"", "id()");
    }

    @Test
    void twoBeanGettersForOneProperty() {
        assertRejected(Diagnostic.DUPLICATE_ACCESSOR, "boolean isOpen()",
                "@PersistentStruct",
                "public interface Bad {",
                "    boolean getOpen();",
                "    boolean isOpen();",
                "}");
    }

    @Test
    void accessorNamedLikeAFlyweightMethod() {
        assertRejected(Diagnostic.RESERVED_NAME, "long offset()",
                "@PersistentStruct",
                "public interface Bad {",
                "    long offset();",
                "}");
    }

    @Test
    void inheritedAbstractAccessor() {
        assertRejected(Diagnostic.INHERITED_ACCESSOR, "interface Bad extends",
                "interface Base { long id(); }",
                "@PersistentStruct",
                "interface Bad extends Base {",
                "}");
    }

    @Test
    void annotationOnTheSetter() {
        assertRejected(Diagnostic.ANNOTATION_ON_SETTER, "void name(String v)",
                "@PersistentStruct",
                "public interface Bad {",
                "    String name();",
                "    @FixedString(8) void name(String v);",
                "}");
    }

    @Test
    void sinceAboveTheStructVersion() {
        Compilation compilation = assertRejected(Diagnostic.SINCE_ABOVE_VERSION, "@Since(3)",
                "@PersistentStruct(version = 2)",
                "public interface Bad {",
                "    long id();",
                "    @Since(3) long added();",
                "}");
        assertMessageContains(compilation, "@Since(3)", "version 2");
    }

    @Test
    void sinceBelowTwo() {
        assertRejected(Diagnostic.SINCE_TOO_LOW, "@Since(1)",
                "@PersistentStruct(version = 2)",
                "public interface Bad {",
                "    @Since(1) long id();",
                "}");
    }

    @Test
    void fixedStringOnANonString() {
        Compilation compilation = assertRejected(Diagnostic.FIXED_STRING_TYPE, "@FixedString(8)",
                "@PersistentStruct",
                "public interface Bad {",
                "    @FixedString(8)",
                "    long id();",
                "}");
        assertMessageContains(compilation, "id()", "long");
    }

    @Test
    void fixedStringLimitBelowOne() {
        assertRejected(Diagnostic.FIXED_STRING_LIMIT, "@FixedString(0)",
                "@PersistentStruct",
                "public interface Bad {",
                "    @FixedString(0) String name();",
                "}");
    }

    @Test
    void fixedStringLimitAboveTheLengthField() {
        assertRejected(Diagnostic.FIXED_STRING_LIMIT, "@FixedString(65536)",
                "@PersistentStruct",
                "public interface Bad {",
                "    @FixedString(65536) String name();",
                "}");
    }

    @Test
    void arrayWithoutIndexParameter() {
        Compilation compilation = assertRejected(Diagnostic.ARRAY_INDEX, "long values()",
                "@PersistentStruct",
                "public interface Bad {",
                "    @Array(length = 4)",
                "    long values();",
                "}");
        assertMessageContains(compilation, "values(int index)");
    }

    @Test
    void arrayWithALongIndex() {
        assertRejected(Diagnostic.ARRAY_INDEX, "long values(long i)",
                "@PersistentStruct",
                "public interface Bad {",
                "    @Array(length = 4)",
                "    long values(long i);",
                "}");
    }

    @Test
    void arrayLengthBelowOne() {
        assertRejected(Diagnostic.ARRAY_LENGTH, "length = 0",
                "@PersistentStruct",
                "public interface Bad {",
                "    @Array(length = 0) long values(int i);",
                "}");
    }

    @Test
    void inlineOnANonStruct() {
        Compilation compilation = assertRejected(Diagnostic.INLINE_NOT_STRUCT, "@Inline",
                "@PersistentStruct",
                "public interface Bad {",
                "    @Inline",
                "    String name();",
                "}");
        assertMessageContains(compilation, "java.lang.String");
    }

    @Test
    void inlineWithASetter() {
        assertRejected(Diagnostic.INLINE_SETTER, "void self(Other v)",
                "@PersistentStruct",
                "public interface Bad {",
                "    @Inline Other self();",
                "    void self(Other v);",
                "}",
                "@PersistentStruct",
                "interface Other {",
                "    int x();",
                "}");
    }

    @Test
    void inlineOfItself() {
        assertRejected(Diagnostic.INLINE_CYCLE, "Bad self()",
                "@PersistentStruct",
                "public interface Bad {",
                "    @Inline Bad self();",
                "}");
    }

    @Test
    void inlineCycleThroughAnotherStruct() {
        JavaFileObject file = Compilations.source("test.Bad",
                "package test;",
                IMPORTS,
                "@PersistentStruct",
                "public interface Bad {",
                "    @Inline Other other();",
                "}",
                "@PersistentStruct",
                "interface Other {",
                "    @Inline Bad back();",
                "}");
        Compilation compilation = Compilations.compile(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(Diagnostic.INLINE_CYCLE.tag() + " @Inline on back()")
                .inFile(file).onLineContaining("Bad back()");
        assertThat(compilation).hadErrorContaining("test.Bad -> test.Other -> test.Bad");
    }

    @Test
    void typeIdCollision() {
        assertEquals(StructType.typeIdOf("demo.Struct1371838"), StructType.typeIdOf("demo.Struct2000402"),
                "the two names share a CRC-32C");
        Compilation compilation = assertRejectedSecond(Diagnostic.TYPE_ID_COLLISION, "demo.Struct2000402");
        assertThat(compilation).hadErrorContaining("demo.Struct1371838");
        assertThat(compilation).hadErrorContaining(TypeIds.hex(StructType.typeIdOf("demo.Struct1371838")));
    }

    @Test
    void schemaNameUsedTwice() {
        assertRejectedSecond(Diagnostic.DUPLICATE_SCHEMA_NAME, "demo.Struct1371838");
    }

    @Test
    void schemaNamesThatDifferOnlyInCase() {
        assertRejectedSecond(Diagnostic.DUPLICATE_SCHEMA_NAME, "demo.STRUCT1371838");
    }

    /** Two structs, the first named demo.Struct1371838: the second is rejected, the first generated. */
    private static Compilation assertRejectedSecond(Diagnostic diagnostic, String secondName) {
        JavaFileObject first = Compilations.source("test.First",
                "package test;", IMPORTS,
                "@PersistentStruct(name = \"demo.Struct1371838\")",
                "public interface First { long id(); }");
        JavaFileObject second = Compilations.source("test.Second",
                "package test;", IMPORTS,
                "@PersistentStruct(name = \"" + secondName + "\")",
                "public interface Second { long id(); }");
        Compilation compilation = Compilations.compile(first, second);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(diagnostic.tag()).inFile(second).onLineContaining("interface Second");
        return compilation;
    }

    @Test
    void otherStructsStillGenerateAndDependentsAreSkippedQuietly(@TempDir Path output) throws IOException {
        Path source = output.resolve("test/Bad.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, String.join("\n",
                "package test;", IMPORTS,
                "@PersistentStruct(version = 0)",
                "public interface Bad { long id(); }",
                "@PersistentStruct",
                "interface Good { long id(); }",
                "@PersistentStruct",
                "interface Referrer { Bad bad(); }",
                "@PersistentStruct",
                "interface Embedder { @Inline Bad bad(); }"));
        Path generated = Files.createDirectories(output.resolve("generated"));
        StringWriter messages = new StringWriter();
        // compile-testing hides generated files of a failed compilation: look at a real -s directory.
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        JavaCompiler.CompilationTask task = javac.getTask(messages, null, null,
                List.of("-proc:only", "-s", generated.toString(), "-cp", System.getProperty("java.class.path")),
                null, javac.getStandardFileManager(null, Locale.ROOT, null).getJavaFileObjects(source));
        task.setProcessors(List.of(new FerriteProcessor()));
        boolean success = task.call();
        assertEquals(false, success);
        assertTrue(messages.toString().contains(Diagnostic.INVALID_VERSION.tag()), messages.toString());
        assertEquals(1, messages.toString().split("\\[Ferrite/", -1).length - 1, "one error: " + messages);
        try (var files = Files.walk(generated)) {
            assertEquals(List.of("GoodFlyweight.java"), files.filter(Files::isRegularFile)
                    .map(file -> file.getFileName().toString()).toList());
        }
    }

    @Test
    void privateNestedStruct() {
        assertRejected(Diagnostic.NOT_ACCESSIBLE, "private interface Hidden",
                "public class Bad {",
                "    @PersistentStruct",
                "    private interface Hidden { long id(); }",
                "}");
    }

    @Test
    void privateEnumAsFieldType() {
        Compilation compilation = assertRejected(Diagnostic.NOT_ACCESSIBLE, "Secret secret()",
                "public class Bad {",
                "    private enum Secret { A }",
                "    @PersistentStruct",
                "    interface Open { Secret secret(); }",
                "}");
        assertMessageContains(compilation, "test.Bad.Secret");
    }

    @Test
    void typeAlreadyNamedLikeTheFlyweight() {
        assertRejected(Diagnostic.FLYWEIGHT_EXISTS, "public interface Bad",
                "@PersistentStruct",
                "public interface Bad { long id(); }",
                "class BadFlyweight {}");
    }

    @Test
    void runtimeMissingFromTheClassPath() throws URISyntaxException {
        File annotations = new File(PersistentStruct.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        JavaFileObject file = Compilations.source("test.Bad",
                "package test;", IMPORTS,
                "@PersistentStruct",
                "public interface Bad { long id(); }");
        Compilation compilation = Compilations.compiler().withClasspath(List.of(annotations)).compile(file);
        assertThat(compilation).hadErrorCount(1);
        assertThat(compilation).hadErrorContaining(Diagnostic.RUNTIME_MISSING.tag() + " test.Bad needs")
                .inFile(file).onLineContaining("interface Bad");
    }

    @Test
    void unresolvableAnnotationValueLeavesTheErrorToJavac() {
        JavaFileObject file = Compilations.source("test.Bad",
                "package test;", IMPORTS,
                "@PersistentStruct",
                "public interface Bad {",
                "    @Array(length = MISSING) long values(int i);",
                "}");
        Compilation compilation = Compilations.compile(file);
        assertThat(compilation).failed();
        assertThat(compilation).hadErrorContaining("cannot find symbol");
        assertTrue(compilation.errors().stream().noneMatch(error -> error.getMessage(Locale.ROOT).contains("[Ferrite/")),
                compilation.errors().toString());
    }

    @Test
    void everyDiagnosticHasAUniqueTag() {
        List<String> tags = java.util.Arrays.stream(Diagnostic.values()).map(Diagnostic::tag).toList();
        assertEquals(tags.size(), tags.stream().distinct().count(), tags.toString());
    }

    @Test
    void renamedFromOutsideAStruct() {
        Compilation compilation = assertRejected(Diagnostic.EVOLUTION_OUTSIDE_STRUCT, "long balance()",
                "public interface Bad {",
                "    @RenamedFrom(value = \"amount\", since = 2) long balance();",
                "}");
        assertMessageContains(compilation, "@RenamedFrom is on balance(), which is not a getter of a @PersistentStruct");
    }

    @Test
    void removedFieldOutsideAStruct() {
        Compilation compilation = assertRejected(Diagnostic.EVOLUTION_OUTSIDE_STRUCT, "public class Bad",
                "@RemovedField(name = \"memo\", since = 2)",
                "public class Bad {",
                "}");
        assertMessageContains(compilation, "@RemovedField is on test.Bad, which is not a @PersistentStruct interface");
    }

    // ---- collection fields

    private static final String COLLECTIONS = "import dev.ferrite.runtime.*;";

    @Test
    void rawCollectionType() {
        Compilation compilation = assertRejected(Diagnostic.COLLECTION_TYPE_ARGUMENTS, "PersistentSortedMap tags()",
                COLLECTIONS,
                "@PersistentStruct",
                "public interface Bad {",
                "    @SuppressWarnings(\"rawtypes\") PersistentSortedMap tags();",
                "}");
        assertMessageContains(compilation, "tags()", "PersistentSortedMap<String, Long>");
    }

    @Test
    void wildcardCollectionValue() {
        assertRejected(Diagnostic.COLLECTION_TYPE_ARGUMENTS, "PersistentSortedMap<String, ?> tags()",
                COLLECTIONS,
                "@PersistentStruct",
                "public interface Bad {",
                "    PersistentSortedMap<String, ?> tags();",
                "}");
    }

    @Test
    void boundedWildcardListElement() {
        assertRejected(Diagnostic.COLLECTION_TYPE_ARGUMENTS, "PersistentList<? extends Long> ids()",
                COLLECTIONS,
                "@PersistentStruct",
                "public interface Bad {",
                "    PersistentList<? extends Long> ids();",
                "}");
    }

    @Test
    void unsupportedCollectionKey() {
        Compilation compilation = assertRejected(Diagnostic.UNSUPPORTED_COLLECTION_KEY, "java.time.Instant, Long>",
                COLLECTIONS,
                "@PersistentStruct",
                "public interface Bad {",
                "    PersistentSortedMap<java.time.Instant, Long> byTime();",
                "}");
        assertMessageContains(compilation, "byTime()", "java.time.Instant", "Long", "String");
    }

    @Test
    void unsupportedCollectionValue() {
        Compilation compilation = assertRejected(Diagnostic.UNSUPPORTED_COLLECTION_VALUE, "StringBuilder> notes()",
                COLLECTIONS,
                "@PersistentStruct",
                "public interface Bad {",
                "    PersistentSortedMap<Long, StringBuilder> notes();",
                "}");
        assertMessageContains(compilation, "notes()", "values of type java.lang.StringBuilder", "sorted map",
                "@PersistentStruct interface");
    }

    @Test
    void unsupportedListElement() {
        Compilation compilation = assertRejected(Diagnostic.UNSUPPORTED_COLLECTION_VALUE, "PersistentList<Object>",
                COLLECTIONS,
                "@PersistentStruct",
                "public interface Bad {",
                "    PersistentList<Object> things();",
                "}");
        assertMessageContains(compilation, "elements of type java.lang.Object", "persistent list");
    }

    @Test
    void setterOfACollectionField() {
        Compilation compilation = assertRejected(Diagnostic.COLLECTION_SETTER, "void ids(PersistentList<Long> v)",
                COLLECTIONS,
                "@PersistentStruct",
                "public interface Bad {",
                "    PersistentList<Long> ids();",
                "    void ids(PersistentList<Long> v);",
                "}");
        assertMessageContains(compilation, "\"ids\"", "created empty on first use");
    }

    @Test
    void arrayOfCollections() {
        assertRejected(Diagnostic.COLLECTION_ARRAY, "PersistentList<Long> ids(int i)",
                COLLECTIONS,
                "@PersistentStruct",
                "public interface Bad {",
                "    @Array(length = 2) PersistentList<Long> ids(int i);",
                "}");
    }

    @Test
    void ownedOnAList() {
        assertRejected(Diagnostic.OWNED_MISPLACED, "@Owned PersistentList<Other> others()",
                COLLECTIONS,
                "@PersistentStruct",
                "public interface Bad {",
                "    @Owned PersistentList<Other> others();",
                "    @PersistentStruct interface Other { long id(); }",
                "}");
    }

    @Test
    void ownedOnAMapOfLongs() {
        assertRejected(Diagnostic.OWNED_MISPLACED, "@Owned PersistentSortedMap<Long, Long> counts()",
                COLLECTIONS,
                "@PersistentStruct",
                "public interface Bad {",
                "    @Owned PersistentSortedMap<Long, Long> counts();",
                "}");
    }

    @Test
    void ownedOnAPlainField() {
        Compilation compilation = assertRejected(Diagnostic.OWNED_MISPLACED, "@Owned long id()",
                "@PersistentStruct",
                "public interface Bad {",
                "    @Owned long id();",
                "}");
        assertMessageContains(compilation, "id()", "whose type is long");
    }
}
