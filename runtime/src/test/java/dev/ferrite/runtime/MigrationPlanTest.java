package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.struct.StructType;
import dev.ferrite.runtime.testing.Chain;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans and runs of {@link Migration} on a real heap file, for versions of a struct that only a
 * hand-made {@link StructType} can put side by side in one class: {@link Chain}. The plans of
 * structs compiled by the processor are tested in ferrite-integration-tests.
 */
class MigrationPlanTest {
    private static final HeapOptions SMALL = HeapOptions.builder().capacity(4 << 20).build();

    @TempDir
    Path dir;

    private static final int RECORDS = 50;

    /** A heap written by {@code version} of {@link Chain}: record i holds {@code values[f] + i} in field f. */
    private Path chainHeap(StructType<Chain> version, long... values) {
        Path file = dir.resolve("chain-v" + version.version() + ".heap");
        try (Heap heap = Heap.open(file, SMALL)) {
            HeapCore core = (HeapCore) heap.blocks();
            for (int i = 0; i < RECORDS; i++) {
                long offset = ((Flyweight) core.allocate(version)).offset();
                for (int f = 0; f < values.length; f++) {
                    core.segment().set(LittleEndian.LONG, offset + version.fields().get(f).offset(), values[f] + i);
                }
                core.markDirty(offset, version.size());
                core.setRoot("r" + i, offset);
            }
            heap.commit();
        }
        return file;
    }

    /** Migrates {@code file} to {@link Chain#V3}: returns the plan's change lines and checks c of every record. */
    private List<String> migrateChainToV3(Path file, long expectedC) {
        try (Heap heap = Heap.open(file, SMALL)) {
            Migration.Plan plan = Migration.plan(heap, List.of(Chain.V3), Migration.Options.defaults());
            assertEquals(List.of(), plan.problems());
            Migration.run(heap, List.of(Chain.V3), Migration.Options.defaults());
            HeapCore core = (HeapCore) heap.blocks();
            for (int i = 0; i < RECORDS; i++) {
                long offset = core.root("r" + i);
                assertEquals(3, RecordHeader.version(core.segment(), offset));
                assertEquals(expectedC + i, core.segment().get(LittleEndian.LONG, offset + 8), "record " + i);
            }
            assertEquals(List.of(), heap.verify());
            return plan.types().getFirst().changes();
        }
    }

    @Test
    void aChainedRenameFromAV1HeapTakesTheFirstName() {
        List<String> changes = migrateChainToV3(chainHeap(Chain.V1, 1_000), 1_000);
        assertEquals(List.of("c: renamed from a"), changes);
    }

    @Test
    void aChainedRenameFromAV2HeapTakesTheSecondNameNotTheReusedFirst() {
        // v2 has b (renamed from a at version 2) and a new a: the rename of a since 2 is one
        // the v2 records already went through, so c comes from b.
        List<String> changes = migrateChainToV3(chainHeap(Chain.V2, 2_000, 9_000), 2_000);
        assertEquals(List.of("c: renamed from b", "a: dropped (@RemovedField)", "record size 24 -> 16 bytes"), changes);
    }

    @Test
    void aCompiledTypeWithoutItsSchemaDocumentOrWithAnotherBuildsIsRefused() {
        Path file = chainHeap(Chain.V1, 1_000);
        StructType<Chain> unexported = Chain.type(4, 16, Chain.V3.fields(), Chain.V3.renames(), Chain.V3.removals());
        StructType<Chain> stale = Chain.type(3, 24, Chain.V3.fields(), Chain.V3.renames(), Chain.V3.removals());
        try (Heap heap = Heap.open(file, SMALL)) {
            Migration.Plan missing = Migration.plan(heap, List.of(unexported), Migration.Options.defaults());
            assertEquals(List.of("the compiled test.Chain version 4 (" + Chain.class.getName() + ") has no schema document"
                    + " META-INF/ferrite/schemas/test.Chain/4.json beside its classes: compile it with ferrite-processor,"
                    + " which puts the document there, and keep it in the jar"), missing.problems());
            assertEquals(List.of(), missing.types(), "a type without its document is not planned");

            Migration.Plan differs = Migration.plan(heap, List.of(stale), Migration.Options.defaults());
            assertEquals(1, differs.problems().size(), differs.toString());
            assertTrue(differs.problems().getFirst().endsWith("META-INF/ferrite/schemas/test.Chain/3.json is not the schema"
                    + " of the compiled test.Chain version 3 (" + Chain.class.getName() + "): size 16 became 24; the classes"
                    + " and their schema document come from different builds: rebuild the application"),
                    differs.problems().getFirst());
            assertThrows(SchemaMigrationRequiredException.class,
                    () -> Migration.run(heap, List.of(stale), Migration.Options.defaults()));
        }
    }
}
