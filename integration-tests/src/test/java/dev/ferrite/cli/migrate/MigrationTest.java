package dev.ferrite.cli.migrate;

import static dev.ferrite.testing.CompiledVersion.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapInfo;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.Migration;
import dev.ferrite.runtime.MigrationHook;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.SchemaMigrationRequiredException;
import dev.ferrite.runtime.ValueType;
import dev.ferrite.runtime.struct.StructType;
import dev.ferrite.testing.CompiledVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A heap written by v1, read in place by v2, migrated to v3: every value checked at each step. */
public class MigrationTest {
    public static final int ACCOUNTS = 300;

    static CompiledVersion v1;
    static CompiledVersion v2;
    static CompiledVersion v3;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileVersions() {
        v1 = Versions.v1();
        v2 = Versions.v2();
        v3 = Versions.v3();
    }

    /** The options the application would pass: a hook for the computed field and the removed constant. */
    public static Migration.Options options(CompiledVersion v3) {
        Object dormant = v3.constant("demo.Status", "DORMANT");
        MigrationHook hook = (old, account) -> {
            call(account, "euros", old.longValue("cents") / 100);
            if ("FROZEN".equals(old.enumName("status"))) {
                call(account, "status", dormant);
            }
        };
        return Migration.Options.builder().hook("demo.Account", hook).build();
    }

    @Test
    void v1HeapIsReadInPlaceByV2AndMigratedToV3() {
        Path file = dir.resolve("bank.heap");
        try (Heap heap = DemoHeap.create(file)) {
            DemoHeap.write(heap, v1, ACCOUNTS, true);
        }
        DemoHeap.verifyClean(file, "the v1 heap");
        StructType<?> account1 = v1.structType("demo.Account");
        StructType<?> account2 = v2.structType("demo.Account");
        assertEquals(account1.size(), account2.size(), "precondition: v2's new field fits the reserve");

        // v2: the old records read the new field as its default; the catalog learns v2 in place.
        try (Heap heap = Heap.open(file)) {
            PersistentList<?> all = PersistentList.root(heap, "all", ValueType.reference(v2.type("demo.Account")));
            for (int i = 0; i < ACCOUNTS; i++) {
                DemoHeap.checkOld(all.get(i), i, true);
                assertEquals(0, call(all.get(i), "flags"));
            }
            call(all.get(0), "flags", 55);
            heap.commit();
            assertEquals(2, storedVersion(heap.info()));
        }

        // v3 cannot read the heap as it is: the error names the type, both versions and the command.
        try (Heap heap = Heap.open(file)) {
            SchemaMigrationRequiredException refused = assertThrows(SchemaMigrationRequiredException.class,
                    () -> heap.root("main", v3.type("demo.Account")));
            assertTrue(refused.getMessage().contains("demo.Account version 2"), refused.getMessage());
            assertTrue(refused.getMessage().contains("compiled version 3"), refused.getMessage());
            assertTrue(refused.getMessage().contains("ferrite migrate " + file + " --classpath"), refused.getMessage());
        }
        // An application whose classes are visible by their schema names is refused at open.
        Thread thread = Thread.currentThread();
        ClassLoader applicationLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(v3.type("demo.Account").getClassLoader());
        try {
            SchemaMigrationRequiredException refused =
                    assertThrows(SchemaMigrationRequiredException.class, () -> Heap.open(file).close());
            assertTrue(refused.getMessage().contains("demo.Account version 2"), refused.getMessage());
        } finally {
            thread.setContextClassLoader(applicationLoader);
        }

        List<StructType<?>> types = List.of(v3.structType("demo.Account"), v3.structType("demo.Branch"));
        try (Heap heap = Heap.open(file)) {
            long blocksBefore = heap.info().allocatedBlocks();
            Migration.Plan plan = Migration.plan(heap, types, options(v3));
            assertEquals(List.of(), plan.problems());
            Migration.TypePlan accounts = plan.types().stream()
                    .filter(type -> type.schemaName().equals("demo.Account")).findFirst().orElseThrow();
            assertEquals(Migration.Action.REWRITE, accounts.action());
            assertEquals(ACCOUNTS + DemoHeap.OWNED, accounts.records());
            assertEquals(accounts.records(), accounts.relocated(), plan.toString());
            assertTrue(plan.toString().contains("label: renamed from code"), plan.toString());
            assertTrue(plan.toString().contains("legacy: dropped (@RemovedField)"), plan.toString());
            assertTrue(plan.toString().contains("note: dropped (@RemovedField)"), plan.toString());
            assertTrue(plan.toString().contains("cents: widened"), plan.toString());
            assertEquals(Migration.Action.UNCHANGED, plan.types().stream()
                    .filter(type -> type.schemaName().equals("demo.Branch")).findFirst().orElseThrow().action());

            long lastCommit = heap.versions().getLast();
            Migration.Result result = Migration.run(heap, types, options(v3));
            assertEquals(ACCOUNTS + DemoHeap.OWNED, result.relocated());
            assertEquals(lastCommit + 1, result.commit(), "the whole migration is one commit");
            assertEquals(result.commit(), heap.versions().getLast());
            // Moved, not copied: the old blocks are freed, and so are the strings of the dropped note.
            assertEquals(blocksBefore - DemoHeap.notes(ACCOUNTS), heap.info().allocatedBlocks());
            assertEquals(List.of(), heap.verify());
        }

        DemoHeap.verifyClean(file, "after the migration to v3");
        try (Heap heap = Heap.open(file)) {
            long lastCommit = heap.versions().getLast();
            Migration.Result again = Migration.run(heap, types, options(v3));
            assertEquals(false, again.plan().changesHeap());
            assertEquals(lastCommit, again.commit(), "a heap that matches is not committed again");
        }
        try (Heap heap = Heap.open(file)) {
            checkMigrated(heap, v3, true, 55);
            assertEquals(3, storedVersion(heap.info()));
        }
    }

    /** Every account reached through the list, the map, the chain of referrers, the roots and the branches. */
    public static void checkMigrated(Heap heap, CompiledVersion v3, boolean hooked, int flagsOfFirst) {
        checkMigrated(heap, v3, hooked, flagsOfFirst, ACCOUNTS);
    }

    /** As {@link #checkMigrated(Heap, CompiledVersion, boolean, int)} for a heap of {@code accounts} accounts. */
    public static void checkMigrated(Heap heap, CompiledVersion v3, boolean hooked, int flagsOfFirst, int accounts) {
        Class<?> account = v3.type("demo.Account");
        PersistentList<?> all = PersistentList.root(heap, "all", ValueType.reference(account));
        assertEquals(accounts, all.size());
        for (int i = 0; i < accounts; i++) {
            DemoHeap.checkNew(all.get(i), i, hooked, i == 0 ? flagsOfFirst : 0);
        }
        PersistentSortedMap<String, ?> byCode = PersistentSortedMap.root(heap, "byCode", KeyType.STRING,
                ValueType.reference(account));
        for (int i = 0; i < accounts; i++) {
            assertEquals(DemoHeap.id(i), call(byCode.get(DemoHeap.code(i)), "id"));
        }
        PersistentSortedMap<Long, ?> owned = PersistentSortedMap.root(heap, "owned", KeyType.LONG,
                ValueType.struct(account));
        for (int j = 0; j < DemoHeap.OWNED; j++) {
            DemoHeap.checkNew(owned.get(100L + j), DemoHeap.OWNED_BASE + j, hooked, 0);
        }
        Object main = heap.root("main", account);
        assertEquals(DemoHeap.id(0), call(main, "id"));
        Object last = all.get(accounts - 1);
        for (int i = accounts - 1; i > 0; i--) {
            last = call(last, "referrer");
        }
        assertEquals(DemoHeap.id(0), call(last, "id"));
        Object hq = heap.root("hq", v3.type("demo.Branch"));
        assertEquals((long) DemoHeap.BRANCHES - 1, call(hq, "number"));
        assertEquals(DemoHeap.id(((DemoHeap.BRANCHES - 1) * 7) % accounts), call(call(hq, "manager"), "id"));
        // The migrated records are writable with the new layout.
        call(main, "history", 7, 77L);
        assertEquals(77L, call(main, "history", 7));
    }

    public static int storedVersion(HeapInfo info) {
        return info.types().stream().filter(type -> type.schemaName().equals("demo.Account"))
                .findFirst().orElseThrow().version();
    }

    @Test
    void aRenameKeepsTheLayoutSoRecordsAreRewrittenInPlace() {
        Path file = dir.resolve("renamed.heap");
        try (Heap heap = DemoHeap.create(file)) {
            DemoHeap.write(heap, v1, 50, true);
        }
        CompiledVersion renamed = Versions.renamed();
        List<StructType<?>> types = List.of(renamed.structType("demo.Account"));
        Migration.Options options = Migration.Options.builder().rename("demo.Account", "code", "label").build();
        try (Heap heap = Heap.open(file)) {
            long blocksBefore = heap.info().allocatedBlocks();
            Migration.Result result = Migration.run(heap, types, options);
            assertEquals(50 + DemoHeap.OWNED, result.rewritten());
            assertEquals(0, result.relocated());
            assertEquals(blocksBefore, heap.info().allocatedBlocks());
            assertEquals(List.of(), heap.verify());
        }
        DemoHeap.verifyClean(file, "after the rename");
        try (Heap heap = Heap.open(file)) {
            PersistentList<?> all = PersistentList.root(heap, "all", ValueType.reference(renamed.type("demo.Account")));
            for (int i = 0; i < 50; i++) {
                Object account = all.get(i);
                assertEquals(DemoHeap.code(i), call(account, "label"));
                assertEquals(DemoHeap.id(i), call(account, "id"));
                assertEquals(DemoHeap.cents(i), call(account, "cents"));
                assertEquals(DemoHeap.memo(i), call(account, "memo"));
                assertEquals(DemoHeap.legacy(i), call(account, "legacy"));
                assertEquals(DemoHeap.note(i), call(account, "note"));
                Object status = call(account, "status");
                assertEquals(DemoHeap.status(i), status == null ? null : ((Enum<?>) status).name());
                assertEquals(i == 0 ? null : DemoHeap.id(i - 1),
                        i == 0 ? call(account, "referrer") : call(call(account, "referrer"), "id"));
            }
        }
    }

    @Test
    void aRemovedConstantWithoutAHookFailsTheMigrationAndLeavesTheHeapAsItWas() throws Exception {
        Path file = dir.resolve("frozen.heap");
        try (Heap heap = DemoHeap.create(file)) {
            DemoHeap.write(heap, v1, 20, true);
        }
        byte[] before = Files.readAllBytes(file);
        List<StructType<?>> types = List.of(v3.structType("demo.Account"));
        try (Heap heap = Heap.open(file)) {
            RuntimeException failed = assertThrows(RuntimeException.class,
                    () -> Migration.run(heap, types, Migration.Options.defaults()));
            assertTrue(failed.getMessage().contains("FROZEN"), failed.getMessage());
            assertTrue(failed.getMessage().contains("MigrationHook"), failed.getMessage());
            PersistentList<?> all = PersistentList.root(heap, "all", ValueType.reference(v1.type("demo.Account")));
            for (int i = 0; i < 20; i++) {
                DemoHeap.checkOld(all.get(i), i, true);
            }
        }
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the heap file is unchanged");
    }

    @Test
    void aNarrowingWithoutAHookIsAProblemOfThePlan() {
        Path file = dir.resolve("narrow.heap");
        try (Heap heap = DemoHeap.create(file)) {
            DemoHeap.write(heap, v1, 3, true);
        }
        CompiledVersion narrow = CompiledVersion.compile(dir.resolve("narrow"), Map.of(
                "demo.Status", "package demo; public enum Status { OPEN, FROZEN, CLOSED }",
                "demo.Account", """
                        package demo;
                        import dev.ferrite.annotations.PersistentStruct;
                        @PersistentStruct(version = 2)
                        public interface Account {
                            long id(); void id(long v);
                            short cents(); void cents(short v);
                        }
                        """), null);
        try (Heap heap = Heap.open(file)) {
            Migration.Plan plan = Migration.plan(heap, List.of(narrow.structType("demo.Account")),
                    Migration.Options.defaults());
            assertTrue(plan.problems().stream().anyMatch(problem -> problem.contains(
                    "demo.Account.cents changed from INT of 4 bytes to SHORT of 2 bytes")), plan.toString());
            // The fields the narrow version left out are not declared removed: problems too, one each.
            assertEquals(7, plan.problems().size(), plan.toString());
            assertTrue(plan.problems().stream().anyMatch(problem -> problem.startsWith(
                    "demo.Account.memo is stored in version 1 but the compiled version 2 neither has it")), plan.toString());
            assertThrows(SchemaMigrationRequiredException.class, () -> Migration.run(heap,
                    List.of(narrow.structType("demo.Account")), Migration.Options.defaults()));
            assertNotEquals(0, heap.info().allocatedBlocks());
        }
    }
}
