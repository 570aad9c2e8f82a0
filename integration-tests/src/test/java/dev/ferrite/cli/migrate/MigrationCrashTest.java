package dev.ferrite.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.ValueType;
import dev.ferrite.testing.CompiledVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a migrating child JVM at random instants: the heap must then be entirely v1 (every
 * value as written) or entirely v3 (every value migrated), and {@code ferrite verify}'s verifier
 * finds nothing wrong.
 */
class MigrationCrashTest {
    private static final int ACCOUNTS = 2000;
    private static final int KILLS = 6;

    @TempDir
    Path dir;

    @Test
    void aMigrationKilledAtAnyInstantLeavesTheHeapEntirelyOldOrEntirelyNew() throws Exception {
        CompiledVersion v1 = Versions.v1();
        CompiledVersion v3 = Versions.v3();
        long seed = System.nanoTime();
        System.out.println("MigrationCrashTest seed " + seed);
        Random random = new Random(seed);
        // A first run to completion gives the span in which the kills land.
        Path first = heap(v1, "complete");
        Process complete = child(first, v3);
        BufferedReader completeOutput = output(complete);
        awaitLine(completeOutput, "migrating");
        long started = System.nanoTime();
        awaitLine(completeOutput, "migrated");
        long spanMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        assertEquals(0, complete.waitFor());
        check(first, v1, v3, "the completed run (seed " + seed + ")", 3);

        int[] outcomes = new int[4];
        for (int kill = 0; kill < KILLS; kill++) {
            Path file = heap(v1, "kill" + kill);
            Process process = child(file, v3);
            awaitLine(output(process), "migrating");
            // Half the kills anywhere, half around the end, where the commit runs and returns.
            long earliest = kill % 2 == 0 ? 0 : spanMillis * 2 / 3;
            long latest = kill % 2 == 0 ? spanMillis : spanMillis * 5 / 4;
            Thread.sleep(earliest + random.nextLong(latest - earliest + 1));
            process.destroyForcibly().waitFor();
            outcomes[check(file, v1, v3, "kill " + kill + " of seed " + seed + " after up to " + spanMillis + " ms", 0)]++;
        }
        System.out.printf("migration kills (seed %d, span %d ms): %d left v1, %d left v3%n",
                seed, spanMillis, outcomes[1], outcomes[3]);
    }

    private Path heap(CompiledVersion v1, String name) {
        Path file = dir.resolve(name).resolve("bank.heap");
        file.getParent().toFile().mkdirs();
        try (Heap heap = DemoHeap.create(file)) {
            DemoHeap.write(heap, v1, ACCOUNTS, true);
        }
        assertTrue(java.nio.file.Files.exists(file.resolveSibling("bank.heap.fams-redo")),
                "the heap, and so the migration, is in the default write-ahead mode");
        return file;
    }

    private static Process child(Path heap, CompiledVersion v3) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                MigrationChild.class.getName(), heap.toString(), v3.classes().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /**
     * The child's output, read through one reader for its whole life: a second reader would miss
     * whatever the first had buffered, such as "migrated" arriving together with "migrating".
     */
    private static BufferedReader output(Process process) {
        return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void awaitLine(BufferedReader reader, String expected) throws IOException {
        String line = reader.readLine();
        assertEquals(expected, line, "the child's output");
    }

    /**
     * Checks the heap as the version its catalog names and returns that version.
     *
     * @param expected the version it must be, or 0 for either
     */
    private static int check(Path file, CompiledVersion v1, CompiledVersion v3, String when, int expected) {
        DemoHeap.verifyClean(file, when);
        try (Heap heap = Heap.open(file)) {
            assertEquals(List.of(), heap.verify(), when);
            int version = MigrationTest.storedVersion(heap.info());
            assertTrue(version == 1 || version == 3, when + ": the catalog holds version " + version);
            if (expected != 0) {
                assertEquals(expected, version, when);
            }
            if (version == 1) {
                PersistentList<?> all = PersistentList.root(heap, "all", ValueType.reference(v1.type("demo.Account")));
                assertEquals(ACCOUNTS, all.size(), when);
                for (int i = 0; i < ACCOUNTS; i++) {
                    DemoHeap.checkOld(all.get(i), i, true);
                }
            } else {
                MigrationTest.checkMigrated(heap, v3, true, 0, ACCOUNTS);
            }
            return version;
        }
    }
}
