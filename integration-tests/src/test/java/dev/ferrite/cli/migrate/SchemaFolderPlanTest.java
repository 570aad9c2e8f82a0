package dev.ferrite.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.Migration;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.testing.CompiledVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported schema folder is a complete description of the compiled types: what a compiled
 * {@code TYPE} describes is byte for byte the file its build exported, and a migration planned
 * from the folder is the one planned from the classes.
 */
class SchemaFolderPlanTest {
    @TempDir
    Path dir;

    @Test
    void aCompiledTypeDescribesExactlyTheSchemaItsBuildExported() throws IOException {
        for (CompiledVersion version : List.of(Versions.v1(), Versions.v2(), Versions.v3())) {
            for (String type : List.of("demo.Account", "demo.Branch")) {
                SchemaDocument compiled = SchemaDocument.of(version.structType(type));
                Path file = Versions.schemas().resolve(type).resolve(compiled.version() + ".json");
                assertEquals(Files.readString(file), compiled.toJson(), file.toString());
            }
        }
        assertTrue(Files.readString(Versions.schemas().resolve("demo.Account/3.json")).contains("\"renamedFrom\""),
                "version 3 declares a rename, which its schema carries");
    }

    @Test
    void thePlanFromTheSchemaFolderIsThePlanFromTheClasses() {
        Versions.v2(); // exported, so that version 3 is the newest of three
        CompiledVersion v3 = Versions.v3();
        Path file = DemoHeap.createAndWrite(dir.resolve("bank.heap"), Versions.v1(), 20, false);
        try (Heap heap = Heap.open(file)) {
            Migration.Plan fromClasses = Migration.plan(heap,
                    List.of(v3.structType("demo.Account"), v3.structType("demo.Branch")), Migration.Options.defaults());
            Migration.Plan fromSchemas = Migration.plan(heap, Versions.schemas(), Migration.Options.defaults());
            assertEquals(fromClasses, fromSchemas);
            Migration.TypePlan account = fromSchemas.types().stream()
                    .filter(type -> type.schemaName().equals("demo.Account")).findFirst().orElseThrow();
            assertEquals(3, account.targetVersion(), "the newest exported version is the target");
            assertEquals(Migration.Action.REWRITE, account.action());
            assertTrue(account.changes().contains("label: renamed from code"), account.changes().toString());
            assertTrue(account.changes().contains("legacy: dropped (@RemovedField)"), account.changes().toString());
        }
    }
}
