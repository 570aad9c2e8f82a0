package dev.ferrite.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.struct.FieldChange;
import dev.ferrite.runtime.struct.StructType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reserve and the declared renames and removals reach the generated {@code TYPE}, where a migration reads them. */
class EvolutionTypeTest {

    private static StructType<?> typeOf(String... lines) throws ReflectiveOperationException {
        GeneratedClasses classes = GeneratedClasses.of(Compilations.compile(Compilations.source("test.Account", lines)));
        return (StructType<?>) classes.loadClass("test.AccountFlyweight").getField("TYPE").get(null);
    }

    @Test
    void renamesAndRemovalsAreOnTheGeneratedType() throws ReflectiveOperationException {
        StructType<?> type = typeOf(
                "package test;",
                "import dev.ferrite.annotations.*;",
                "@PersistentStruct(version = 3, reserve = 24)",
                "@RemovedField(name = \"memo\", since = 2)",
                "@RemovedField(name = \"note\", since = 3)",
                "public interface Account {",
                "    @RenamedFrom(value = \"owner\", since = 2) @RenamedFrom(value = \"payee\", since = 3)",
                "    @FixedString(8) String holder();",
                "    @RenamedFrom(value = \"amount\", since = 3) long balance();",
                "    long id();",
                "}");
        assertEquals(Map.of(
                "holder", List.of(new FieldChange("owner", 2), new FieldChange("payee", 3)),
                "balance", List.of(new FieldChange("amount", 3))), type.renames());
        assertEquals(List.of(new FieldChange("memo", 2), new FieldChange("note", 3)), type.removals());
        assertEquals(3, type.version());
        assertEquals(24, type.reserve());
        assertEquals(3, type.fields().size());
    }

    @Test
    void aStructThatDeclaresNothingHasNoRenamesOrRemovals() throws ReflectiveOperationException {
        StructType<?> type = typeOf(
                "package test;",
                "import dev.ferrite.annotations.*;",
                "@PersistentStruct",
                "public interface Account {",
                "    long id();",
                "}");
        assertEquals(Map.of(), type.renames());
        assertEquals(List.of(), type.removals());
        assertEquals(0, type.reserve());
    }
}
