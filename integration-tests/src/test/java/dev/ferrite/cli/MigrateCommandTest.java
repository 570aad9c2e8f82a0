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
    void renameOptionRenamesAFieldTheClassesDoNotDeclare() throws IOException {
        Path file = v1Heap(false);
        byte[] before = Files.readAllBytes(file);
        String classPath = Versions.renamed().classes().toString();
        Run undeclared = ferrite("migrate", file.toString(), "--classpath", classPath, "--dry-run");
        assertEquals(1, undeclared.exitCode(), "a field that vanished undeclared is a problem: " + undeclared.out());
        assertTrue(undeclared.out().contains("code: dropped without a declaration (see the problem below)"),
                undeclared.out());
        assertTrue(undeclared.out().contains("problem: demo.Account.code is stored in version 1 but the compiled version 2"
                + " neither has it nor declares it removed, so migrating would drop its value from every record."
                + " If it was renamed (to label?), declare @RenamedFrom(value = \"code\", since = 2) on the new field,"
                + " or pass --rename demo.Account:code=label to ferrite migrate; if it is to be dropped, declare"
                + " @RemovedField(name = \"code\", since = 2) on demo.Account, or pass --drop demo.Account.code to"
                + " ferrite migrate"), undeclared.out());
        // The application itself, whose classes are visible by their schema names, is told the same at open.
        Thread thread = Thread.currentThread();
        ClassLoader applicationLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(Versions.renamed().type("demo.Account").getClassLoader());
        try {
            var opened = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.ferrite.runtime.SchemaMigrationRequiredException.class, () -> Heap.open(file).close());
            assertTrue(opened.getMessage().contains("demo.Account.code is stored in version 1 but the compiled version 2"
                    + " neither has it nor declares it removed"), opened.getMessage());
            assertTrue(opened.getMessage().contains("--rename demo.Account:code=label")
                    && opened.getMessage().contains("--drop demo.Account.code"), opened.getMessage());
        } finally {
            thread.setContextClassLoader(applicationLoader);
        }
        Run refused = ferrite("migrate", file.toString(), "--classpath", classPath);
        assertEquals(1, refused.exitCode(), refused.out());
        assertTrue(refused.err().contains("nothing was changed"), refused.err());
        assertArrayEquals(before, Files.readAllBytes(file), "a refused migration leaves the file as it was");

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
    void anExplicitDropIsCarriedOutAndTheHeapBeforeItRestoresAfterTheApplicationCommitted() throws Exception {
        Path file = v1Heap(false);
        String classPath = Versions.renamed().classes().toString();
        Run dropped = ferrite("migrate", file.toString(), "--classpath", classPath, "--drop", "demo.Account.code");
        assertEquals(0, dropped.exitCode(), dropped.err());
        assertTrue(dropped.out().contains("code: dropped (--drop)"), dropped.out());
        String restore = dropped.out().lines().filter(line -> line.contains("to undo the migration")).findFirst()
                .orElseThrow(() -> new AssertionError("no restore command in: " + dropped.out()));
        String command = restore.substring(restore.indexOf(": mv ") + 2);
        Path backup = Path.of(command.split(" ")[1]);
        assertTrue(Files.isRegularFile(backup), dropped.out());
        assertTrue(dropped.out().contains("to keep the migration, delete the copy: rm " + backup), dropped.out());

        // The application opens the migrated heap as usual and commits; the way back stays.
        try (Heap heap = Heap.open(file)) {
            PersistentList<?> all = PersistentList.root(heap, "all",
                    ValueType.reference(Versions.renamed().type("demo.Account")));
            assertEquals("", CompiledVersion.call(all.get(1), "label"), "the values of code were dropped");
            CompiledVersion.call(all.get(1), "label", "new");
            heap.commit();
        }
        Process mv = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        assertEquals(0, mv.waitFor(), new String(mv.getInputStream().readAllBytes()));
        try (Heap heap = Heap.open(file)) {
            PersistentList<?> all = PersistentList.root(heap, "all", ValueType.reference(v1.type("demo.Account")));
            for (int i = 0; i < MigrationTest.ACCOUNTS; i++) {
                DemoHeap.checkOld(all.get(i), i, false);
            }
            assertEquals(List.of(), heap.verify());
            CompiledVersion.call(all.get(0), "code", "again");
            heap.commit();
        }
        assertEquals(0, ferrite("verify", file.toString()).exitCode());
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
