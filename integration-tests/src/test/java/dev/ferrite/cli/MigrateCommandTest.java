package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.testing.CompiledVersion;
import dev.ferrite.cli.migrate.DemoHeap;
import dev.ferrite.cli.migrate.MigrationTest;
import dev.ferrite.cli.migrate.Versions;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferrite migrate} end to end: a v1 heap, the v3 classes in a directory, real files. */
class MigrateCommandTest {
    static CompiledVersion v1;
    static CompiledVersion v3;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileVersions() {
        v1 = Versions.v1();
        v3 = Versions.v3();
    }

    private Path v1Heap(boolean frozen) {
        return DemoHeap.createAndWrite(dir.resolve("bank.heap"), v1, MigrationTest.ACCOUNTS, frozen);
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothingThenMigrateRewritesEveryRecord() throws IOException {
        Path file = v1Heap(false);
        byte[] before = Files.readAllBytes(file);
        String classPath = v3.classes().toString();

        Run dryRun = ferrite("migrate", file.toString(), "--classpath", classPath, "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun.err());
        assertTrue(dryRun.out().contains("demo.Account: v1 -> v3, rewrite, " + (MigrationTest.ACCOUNTS + DemoHeap.OWNED)
                + " records"), dryRun.out());
        assertTrue(dryRun.out().contains("label: renamed from code"), dryRun.out());
        assertTrue(dryRun.out().contains("dry run:"), dryRun.out());
        assertArrayEquals(before, Files.readAllBytes(file), "a dry run leaves the file as it was");

        Run migrate = ferrite("migrate", file.toString(), "--classpath", classPath);
        assertEquals(0, migrate.exitCode(), migrate.err());
        assertTrue(migrate.out().contains("migrated " + file + ": " + (MigrationTest.ACCOUNTS + DemoHeap.OWNED)
                + " records rewritten"), migrate.out());
        assertEquals("", migrate.err(), "no progress bar when not on a terminal");
        try (Heap heap = Heap.open(file)) {
            MigrationTest.checkMigrated(heap, v3, false, 0);
            assertEquals(List.of(), heap.verify());
        }

        Run again = ferrite("migrate", file.toString(), "--classpath", classPath);
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains("nothing to do"), again.out());
    }

    @Test
    void aHookOfTheApplicationComputesFields() {
        Path file = v1Heap(true);
        Run run = ferrite("migrate", file.toString(), "--classpath", v3.classes().toString(),
                "--hook", "demo.Account=demo.AccountMigration");
        assertEquals(0, run.exitCode(), run.err());
        try (Heap heap = Heap.open(file)) {
            MigrationTest.checkMigrated(heap, v3, true, 0);
        }

        Run missing = ferrite("migrate", file.toString(), "--classpath", v3.classes().toString(),
                "--hook", "demo.Account=demo.Nowhere");
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("no class demo.Nowhere"), missing.err());
        Run notAHook = ferrite("migrate", file.toString(), "--classpath", v3.classes().toString(),
                "--hook", "demo.Account=demo.Status");
        assertEquals(2, notAHook.exitCode());
        assertTrue(notAHook.err().contains("does not implement dev.ferrite.runtime.MigrationHook"), notAHook.err());
    }

    @Test
    void theClassesMayComeInAJar() throws IOException {
        Path file = v1Heap(false);
        Path jar = dir.resolve("app.jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                java.util.stream.Stream<Path> classFiles = Files.walk(v3.classes())) {
            for (Path classFile : classFiles.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new java.util.jar.JarEntry(v3.classes().relativize(classFile).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(classFile));
                out.closeEntry();
            }
        }
        Run run = ferrite("migrate", file.toString(), "--classpath", jar.toString(), "--dry-run");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("demo.Account: v1 -> v3, rewrite"), run.out());
        assertTrue(run.out().contains("demo.Branch: v1 -> v1, unchanged"), run.out());
    }

    @Test
    void aValueTheNewVersionCannotHoldFailsWithExitCodeOneAndTheHeapUnchanged() throws IOException {
        Path file = v1Heap(true);
        byte[] before = Files.readAllBytes(file);
        Run run = ferrite("migrate", file.toString(), "--classpath", v3.classes().toString());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().contains("failed and was rolled back"), run.err());
        assertTrue(run.err().contains("FROZEN"), run.err());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void renameOptionRenamesAFieldTheClassesDoNotDeclare() {
        Path file = v1Heap(false);
        String classPath = Versions.renamed().classes().toString();
        Run undeclared = ferrite("migrate", file.toString(), "--classpath", classPath, "--dry-run");
        assertEquals(0, undeclared.exitCode(), undeclared.err());
        assertTrue(undeclared.out().contains("code: dropped"), undeclared.out());
        assertTrue(undeclared.out().contains("label: new"), undeclared.out());

        Run renamed = ferrite("migrate", file.toString(), "--classpath", classPath, "--rename=demo.Account:code=label");
        assertEquals(0, renamed.exitCode(), renamed.err());
        assertTrue(renamed.out().contains("label: renamed from code"), renamed.out());
        try (Heap heap = Heap.open(file)) {
            PersistentList<?> all = PersistentList.root(heap, "all",
                    ValueType.reference(Versions.renamed().type("demo.Account")));
            for (int i = 0; i < MigrationTest.ACCOUNTS; i++) {
                assertEquals(DemoHeap.code(i), CompiledVersion.call(all.get(i), "label"));
            }
        }
    }

    @Test
    void badClassPathsAndRenamesAreUsageErrors() throws IOException {
        Path file = v1Heap(false);
        Run missing = ferrite("migrate", file.toString(), "--classpath", dir.resolve("nowhere").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().contains("nowhere does not exist"), missing.err());

        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run none = ferrite("migrate", file.toString(), "--classpath", empty.toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("no generated flyweights"), none.err());

        Run rename = ferrite("migrate", file.toString(), "--classpath", v3.classes().toString(), "--rename=code");
        assertEquals(2, rename.exitCode());
        assertTrue(rename.err().contains("expected <schema>:<old>=<new>"), rename.err());

        Run noHeap = ferrite("migrate", dir.resolve("absent.heap").toString(), "--classpath", v3.classes().toString());
        assertEquals(3, noHeap.exitCode());
        assertTrue(noHeap.err().contains("no such heap file"), noHeap.err());
    }

    @Test
    void aFileThatIsNoHeapIsUnreadable() throws IOException {
        Path file = dir.resolve("noise.heap");
        byte[] noise = new byte[64 * 1024];
        new java.util.Random(7).nextBytes(noise);
        Files.write(file, noise);
        Run run = ferrite("migrate", file.toString(), "--classpath", v3.classes().toString(), "--dry-run");
        assertEquals(3, run.exitCode(), run.out());
        assertTrue(run.err().contains(file.toString()), run.err());
        assertArrayEquals(noise, Files.readAllBytes(file));
    }

    /** A copy of the v3 classes, whose schema documents a test may delete or edit. */
    private Path v3Copy() throws IOException {
        return Folders.copy(v3.classes(), dir.resolve("v3-classes"));
    }

    @Test
    void classesWithoutTheirSchemaDocumentOrWithAnotherBuildsAreRefused() throws IOException {
        Path file = v1Heap(false);
        byte[] before = Files.readAllBytes(file);
        Path classes = v3Copy();
        Path document = classes.resolve("META-INF/ferrite/schemas/demo.Account/3.json");
        String exported = Files.readString(document);
        assertEquals(exported, Files.readString(Versions.schemas().resolve("demo.Account/3.json")),
                "the document beside the classes is the exported file");

        Files.writeString(document, exported.replace("\"reserve\": 8", "\"reserve\": 16"));
        Run stale = ferrite("migrate", file.toString(), "--classpath", classes.toString());
        assertEquals(1, stale.exitCode(), stale.err());
        assertTrue(stale.out().contains("problem: " + document.toUri().toURL() + " is not the schema of the compiled"
                + " demo.Account version 3 (demo.Account): reserve 16 became 8; the classes and their schema document"
                + " come from different builds: rebuild the application"), stale.out());

        Files.delete(document);
        Run missing = ferrite("migrate", file.toString(), "--classpath", classes.toString(), "--dry-run");
        assertEquals(1, missing.exitCode(), missing.err());
        assertTrue(missing.out().contains("problem: the compiled demo.Account version 3 (demo.Account) has no schema"
                + " document META-INF/ferrite/schemas/demo.Account/3.json beside its classes"), missing.out());
        assertArrayEquals(before, Files.readAllBytes(file));
    }
}
