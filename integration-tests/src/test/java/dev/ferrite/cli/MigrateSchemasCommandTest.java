package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.cli.migrate.DemoHeap;
import dev.ferrite.cli.migrate.MigrationTest;
import dev.ferrite.cli.migrate.Versions;
import dev.ferrite.runtime.Heap;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferrite migrate --schemas}: a plan from the exported schema folder alone, and the
 * refusal of a folder that does not describe the heap or the classes. Each test works on its
 * own copy of the folder the three versions exported.
 */
class MigrateSchemasCommandTest {
    @TempDir
    Path dir;

    private Path v1Heap() {
        return DemoHeap.createAndWrite(dir.resolve("bank.heap"), Versions.v1(), MigrationTest.ACCOUNTS, false);
    }

    /** A copy of the folder all three versions exported to, to edit. */
    private Path schemas() throws IOException {
        Versions.v2();
        Versions.v3();
        return Folders.copy(Versions.schemas(), dir.resolve("schemas"));
    }

    private static Path edit(Path schemas, String file, String from, String to) throws IOException {
        Path path = schemas.resolve(file);
        String json = Files.readString(path);
        assertTrue(json.contains(from), json);
        Files.writeString(path, json.replaceFirst(java.util.regex.Pattern.quote(from), to));
        return path;
    }

    @Test
    void aDryRunFromTheSchemaFolderAlonePrintsThePlanOfTheClasses() throws IOException {
        Path file = v1Heap();
        byte[] before = Files.readAllBytes(file);
        Path schemas = schemas();
        Run fromSchemas = ferrite("migrate", file.toString(), "--schemas", schemas.toString(), "--dry-run");
        assertEquals(0, fromSchemas.exitCode(), fromSchemas.err());
        assertTrue(fromSchemas.out().contains("demo.Account: v1 -> v3, rewrite, " + (MigrationTest.ACCOUNTS
                + DemoHeap.OWNED) + " records"), fromSchemas.out());
        assertTrue(fromSchemas.out().contains("label: renamed from code"), fromSchemas.out());
        Run fromClasses = ferrite("migrate", file.toString(), "--classpath", Versions.v3().classes().toString(), "--dry-run");
        assertEquals(fromClasses.out(), fromSchemas.out());
        assertArrayEquals(before, Files.readAllBytes(file), "a dry run leaves the file as it was");

        Run withoutDryRun = ferrite("migrate", file.toString(), "--schemas", schemas.toString());
        assertEquals(2, withoutDryRun.exitCode(), withoutDryRun.out());
        assertTrue(withoutDryRun.err().contains("--schemas without --classpath only plans: add --dry-run"),
                withoutDryRun.err());
        Run neither = ferrite("migrate", file.toString(), "--dry-run");
        assertEquals(2, neither.exitCode(), neither.out());
        assertTrue(neither.err().contains("--classpath <the application's compiled classes>, or --schemas"), neither.err());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void classesAndHeapThatMatchTheFolderAreMigrated() throws IOException {
        Path file = v1Heap();
        Run run = ferrite("migrate", file.toString(), "--classpath", Versions.v3().classes().toString(),
                "--schemas", schemas().toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("migrated " + file), run.out());
        try (Heap heap = Heap.open(file)) {
            MigrationTest.checkMigrated(heap, Versions.v3(), false, 0);
        }
    }

    @Test
    void aCompiledTypeThatIsNotItsExportedSchemaIsRefused() throws IOException {
        Path file = v1Heap();
        byte[] before = Files.readAllBytes(file);
        Path schemas = schemas();
        Path edited = edit(schemas, "demo.Account/3.json", "\"reserve\": 8", "\"reserve\": 16");
        Run run = ferrite("migrate", file.toString(), "--classpath", Versions.v3().classes().toString(),
                "--schemas", schemas.toString());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().contains("ferrite: demo.Account version 3 compiled in --classpath differs from its exported"
                + " schema " + edited + ": reserve 16 became 8\n"), run.err());
        assertEquals("", run.out(), "no plan is printed");
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void aHeapWhoseStoredLayoutIsNotItsExportedSchemaIsRefused() throws IOException {
        Path file = v1Heap();
        Path schemas = schemas();
        Path edited = edit(schemas, "demo.Account/1.json", "\"kind\": \"LONG\",", "\"kind\": \"DOUBLE\",");
        Run run = ferrite("migrate", file.toString(), "--schemas", schemas.toString(), "--dry-run");
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().contains("ferrite: demo.Account version 1 stored in the heap differs from its exported schema "
                + edited + ": field \"id\": retyped from DOUBLE of 8 bytes to LONG of 8 bytes (the heap was written by a"
                + " build whose schema is not the exported one)"), run.err());
    }

    @Test
    void aFolderWithoutTheStoredTypesIsAProblemNotNothingToDo() throws IOException {
        Path file = v1Heap();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run run = ferrite("migrate", file.toString(), "--schemas", empty.toString(), "--dry-run");
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().contains("ferrite: demo.Account version 1 stored in the heap has no exported version in "
                + empty.resolve("demo.Account") + File.separator), run.err());
        assertFalse(run.out().contains("nothing to do"), run.out());
    }

    @Test
    void aMalformedSchemaFileIsAUsageErrorNamingTheFileAndThePlace() throws IOException {
        Path file = v1Heap();
        Path schemas = schemas();
        Path broken = edit(schemas, "demo.Account/3.json", "\"size\":", "\"size\"");
        Run run = ferrite("migrate", file.toString(), "--schemas", schemas.toString(), "--dry-run");
        assertEquals(2, run.exitCode(), run.out());
        assertTrue(run.err().contains("cannot read the exported schema " + broken + ": expected ':' at line 6, column 10"),
                run.err());
    }
}
