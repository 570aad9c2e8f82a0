package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.struct.StructType;
import dev.ferrite.runtime.testing.Account;
import dev.ferrite.runtime.testing.AccountFlyweight;
import dev.ferrite.runtime.testing.AccountVersions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans of {@link Migration} on a real heap file, with structs compiled by the processor. */
class CompiledStructMigrationPlanTest {
    private static final HeapOptions SMALL = HeapOptions.builder().capacity(4 << 20).build();

    @TempDir
    Path dir;

    private Path heapWithOneAccount() {
        Path file = dir.resolve("test.heap");
        try (Heap heap = Heap.open(file, SMALL)) {
            heap.root("main", Account.class).id(7);
            heap.commit();
        }
        return file;
    }

    @Test
    void twoCompiledTypesWithOneSchemaNameAreAProblemNotAChoice() {
        Path file = heapWithOneAccount();
        try (Heap heap = Heap.open(file, SMALL)) {
            List<StructType<?>> types = List.of(AccountFlyweight.TYPE, AccountVersions.v2());
            Migration.Plan plan = Migration.plan(heap, types, Migration.Options.defaults());
            assertEquals(1, plan.problems().size(), plan.toString());
            assertTrue(plan.problems().getFirst().contains("two targets have the schema name test.Account"),
                    plan.problems().toString());
            assertTrue(plan.types().isEmpty(), "neither layout is planned: " + plan);
            var e = assertThrows(SchemaMigrationRequiredException.class,
                    () -> Migration.run(heap, types, Migration.Options.defaults()));
            assertTrue(e.getMessage().contains("test.Account"), e.getMessage());
        }
        try (Heap heap = Heap.open(file, SMALL)) {
            assertEquals(7, heap.root("main", Account.class).id(), "the refused migration left the heap alone");
        }
    }

    @Test
    void aSchemaFolderWithoutAStoredTypeIsAProblemNamingTheDirectoryExpected() throws IOException {
        Path file = heapWithOneAccount();
        Path empty = Files.createDirectories(dir.resolve("schemas"));
        try (Heap heap = Heap.open(file, SMALL)) {
            Migration.Plan plan = Migration.plan(heap, empty, Migration.Options.defaults());
            assertEquals(1, plan.problems().size(), plan.toString());
            assertTrue(plan.problems().getFirst().startsWith("the heap stores test.Account version 1, of which "
                    + empty.resolve("test.Account") + File.separator + " holds no exported version"),
                    plan.problems().getFirst());
        }
    }

    @Test
    void aMalformedSchemaFileIsAFerriteExceptionNamingTheFileAndThePlace() throws IOException {
        Path file = heapWithOneAccount();
        Path schemas = dir.resolve("schemas");
        Path broken = Files.createDirectories(schemas.resolve("test.Account")).resolve("1.json");
        Files.writeString(broken, "{\n  \"schemaName\" \"test.Account\"\n}\n");
        try (Heap heap = Heap.open(file, SMALL)) {
            FerriteException e = assertThrows(FerriteException.class,
                    () -> Migration.plan(heap, schemas, Migration.Options.defaults()));
            SchemaFileException schemaFile = assertInstanceOf(SchemaFileException.class, e);
            assertEquals(broken, schemaFile.file());
            assertEquals("cannot read the exported schema " + broken + ": expected ':' at line 2, column 16",
                    e.getMessage());
        }
    }
}
