package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.cli.migrate.DemoHeap;
import dev.ferrite.cli.migrate.MigrationTest;
import dev.ferrite.cli.migrate.Versions;
import dev.ferrite.fams.CommitMode;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import dev.ferrite.testing.CompiledVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands on a heap whose writer stopped dead (a child JVM that halts, as a crash would):
 * with commits that only its write-ahead log holds (no checkpoint wrote them into the heap file),
 * or in the middle of an undo-mode commit whose new pages are in the heap file already. Each
 * command must show, and keep, the last commit, never what the heap file alone holds.
 */
class HaltedWriterCommandTest {
    private static final long OLD = 2 << 20;
    private static final long NEW = 8 << 20;
    /** Enough longs that the list takes the heap past {@link #OLD}. */
    private static final int LONGS = 400_000;
    private static final int HALTED = 42;
    /** {@code dev.ferrite.fams.crash.Crashpoint.EXIT_STATUS}. */
    private static final int CRASHPOINT = 86;

    @TempDir
    Path dir;

    /** A heap of the given mode bounded to {@link #OLD}, holding a little. */
    private Path heap(String name, CommitMode mode) {
        Path file = dir.resolve(name);
        try (Heap heap = Heap.open(file, HeapOptions.builder().capacity(OLD).commitMode(mode).build())) {
            PersistentList.root(heap, "before", ValueType.LONG).add(7L);
            heap.commit();
        }
        return file;
    }

    private static void checkHalted(Heap heap) {
        PersistentList<Long> list = PersistentList.root(heap, "halted", ValueType.LONG);
        assertEquals(LONGS, list.size());
        assertEquals(LONGS - 1, list.get(LONGS - 1));
        assertEquals(7L, PersistentList.root(heap, "before", ValueType.LONG).get(0));
    }

    @Test
    void readingCommandsShowTheCommitsOnlyTheWriteAheadLogHolds() throws Exception {
        Path file = heap("bank.heap", CommitMode.REDO);
        assertEquals(HALTED, child(file, List.of(), "grow-and-fill"));

        Run info = ferrite("info", file.toString(), "--json");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("\"capacity\": " + NEW), info.out());
        assertTrue(info.out().contains("\"halted\""), info.out());
        Run verify = ferrite("verify", file.toString());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        Run dump = ferrite("dump", file.toString());
        assertEquals(0, dump.exitCode(), dump.err());
        assertTrue(dump.out().contains("halted"), dump.out());

        Run grow = ferrite("grow", file.toString(), "--capacity", "16m");
        assertEquals(0, grow.exitCode(), grow.err());
        assertTrue(grow.out().contains("(was 8,388,608 bytes)"), grow.out());
        try (Heap heap = Heap.open(file)) {
            assertEquals(16 << 20, heap.info().capacity());
            checkHalted(heap);
            assertEquals(List.of(), heap.verify());
        }
    }

    /**
     * {@code ferrite migrate} copies the heap file before it writes: the copy must hold the
     * commits that were only in the write-ahead log, since moving it back restores it without
     * that log.
     */
    @Test
    void theCopyMigrateKeepsHoldsTheCommitsOnlyTheWriteAheadLogHeld() throws Exception {
        CompiledVersion v1 = Versions.v1();
        CompiledVersion v3 = Versions.v3();
        Path file = DemoHeap.createAndWrite(dir.resolve("bank.heap"), v1, MigrationTest.ACCOUNTS, false);
        assertTrue(Files.exists(file.resolveSibling("bank.heap.fams-redo")), "the heap is in the write-ahead mode");
        assertEquals(HALTED, child(file, List.of(), "fill"));

        Run migrate = ferrite("migrate", file.toString(), "--classpath", v3.classes().toString());
        assertEquals(0, migrate.exitCode(), migrate.out() + migrate.err());
        List<Path> backups = MigrationBackup.existing(file);
        assertEquals(1, backups.size(), migrate.out());
        try (Heap heap = Heap.open(file)) {
            assertEquals(LONGS, PersistentList.root(heap, "halted", ValueType.LONG).size(), "the migrated heap");
        }
        Files.move(backups.getFirst(), file, StandardCopyOption.REPLACE_EXISTING);
        try (Heap heap = Heap.open(file, HeapOptions.builder().readOnly(true).build())) {
            PersistentList<Long> list = PersistentList.root(heap, "halted", ValueType.LONG);
            assertEquals(LONGS, list.size(), "the copy kept before the migration");
            assertEquals(LONGS - 1, list.get(LONGS - 1));
            assertEquals(List.of(), heap.verify());
        }
    }

    /**
     * The command {@code ferrite migrate} prints to undo the migration works after the
     * application went on committing to the migrated heap and stopped dead, its last commits only
     * in the write-ahead log: that log belongs to the migrated file, never to the copy.
     */
    @Test
    void theRestoreCommandMigratePrintsWorksAfterTheApplicationStoppedWithCommitsInTheLog() throws Exception {
        CompiledVersion v1 = Versions.v1();
        CompiledVersion v3 = Versions.v3();
        Path file = DemoHeap.createAndWrite(dir.resolve("bank.heap"), v1, MigrationTest.ACCOUNTS, false);
        Run migrate = ferrite("migrate", file.toString(), "--classpath", v3.classes().toString());
        assertEquals(0, migrate.exitCode(), migrate.out() + migrate.err());
        String restore = migrate.out().lines().filter(line -> line.contains("to undo the migration")).findFirst()
                .orElseThrow(() -> new AssertionError("no restore command in: " + migrate.out()));
        String command = restore.substring(restore.indexOf(": mv ") + 2);
        assertEquals(HALTED, child(file, List.of(), "fill"));

        Process shell = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        assertEquals(0, shell.waitFor(), command + ": " + new String(shell.getInputStream().readAllBytes()));
        try (Heap heap = Heap.open(file)) {
            assertEquals(1, MigrationTest.storedVersion(heap.info()), "the heap as it was before the migration");
            assertTrue(!heap.info().roots().contains("halted"), heap.info().roots().toString());
            assertEquals(List.of(), heap.verify());
        }
    }

    /**
     * A writer of the undo mode (as the previous release was) stopped after the new pages of the
     * commit that raises the bound reached the heap file (the page cache), before the log said the
     * commit was done: recovery finds every new page in place, so the commit stands, and every
     * command shows the new bound before any writable open has recovered the heap.
     */
    @Test
    void anUndoCommitOfARaisedBoundStoppedAfterItsDataStandsForEveryCommand() throws Exception {
        Path file = heap("undo.heap", CommitMode.UNDO);
        assertEquals(CRASHPOINT, child(file, List.of("-Dferrite.fams.crashpoint=COMMIT_DATA_WRITTEN"), "raise-undo"));

        Run info = ferrite("info", file.toString(), "--json");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("\"capacity\": " + NEW), info.out());
        Run verify = ferrite("verify", file.toString());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        Run grow = ferrite("grow", file.toString(), "--capacity", "16m");
        assertEquals(0, grow.exitCode(), grow.err());
        assertTrue(grow.out().contains("(was 8,388,608 bytes)"), grow.out());
        try (Heap heap = Heap.open(file)) {
            assertEquals(16 << 20, heap.info().capacity());
            fill(heap, PersistentList.root(heap, "halted", ValueType.LONG));
            assertTrue(heap.info().size() > OLD, "grew past the old bound: " + heap.info().size());
            checkHalted(heap);
        }
    }

    /**
     * The same stop in the heap of the previous release, whose header the raise upgrades to the
     * current format: the heap file holds the new header, its undo log the previous release's.
     */
    @Test
    void anUndoCommitRaisingTheBoundOfAPreviousReleaseHeapStoppedAfterItsDataStands() throws Exception {
        Path file = previousReleaseHeap();
        assertEquals(CRASHPOINT, child(file, List.of("-Dferrite.fams.crashpoint=COMMIT_DATA_WRITTEN"), "raise-undo"));
        checkRaisedPreviousReleaseHeap(file);
    }

    /**
     * The heap of the previous release opened in the write-ahead mode (switched from its undo
     * log), given a larger bound and filled past the old one, its writer stopped before any
     * checkpoint: the heap file still holds the previous release's header and bound.
     */
    @Test
    void aPreviousReleaseHeapRaisedAndFilledOnlyInTheWriteAheadLogKeepsItsNewBound() throws Exception {
        Path file = previousReleaseHeap();
        assertEquals(HALTED, child(file, List.of(), "grow-and-fill"));
        checkRaisedPreviousReleaseHeap(file);
    }

    private Path previousReleaseHeap() throws IOException {
        Path file = dir.resolve("previous.heap");
        for (String name : List.of("previous.heap", "previous.heap.fams-log")) {
            try (InputStream in = HaltedWriterCommandTest.class.getResourceAsStream("/previous-release/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return file;
    }

    private static void checkRaisedPreviousReleaseHeap(Path file) {
        Run info = ferrite("info", file.toString(), "--json");
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("\"capacity\": " + NEW), info.out());
        Run verify = ferrite("verify", file.toString());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        try (Heap heap = Heap.open(file)) {
            assertEquals(NEW, heap.info().capacity());
            PersistentList<Long> list = PersistentList.root(heap, "halted", ValueType.LONG);
            fill(heap, list);
            long filled = heap.info().size();
            assertTrue(filled > 256 << 10, "grew past the previous release's capacity: " + filled);
            // The heap grows a region at a time: on until the next one is added.
            long i = LONGS;
            while (heap.info().size() == filled && i < 2 * LONGS) {
                for (int n = 0; n < 1000; n++) {
                    list.add(i++);
                }
            }
            heap.commit();
            assertTrue(heap.info().size() > filled, "grew on after the reopen: " + heap.info().size());
            assertEquals(i - 1, list.get((int) i - 1));
            assertEquals(300, PersistentSortedMap.root(heap, "words", KeyType.STRING, ValueType.LONG).size());
            assertEquals(List.of(), heap.verify());
        }
    }

    private static void fill(Heap heap, PersistentList<Long> list) {
        for (long i = list.size(); i < LONGS; i++) {
            list.add(i);
            if (i % 50_000 == 0) {
                heap.commit();
            }
        }
        heap.commit();
    }

    /** Runs {@link Writer} with {@code what} on {@code file}; its exit status. */
    private static int child(Path file, List<String> jvmOptions, String what) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Writer.class.getName(), file.toString(),
                what));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), output);
        System.out.print(output);
        return child.exitValue();
    }

    /** The child: changes the heap in {@code args[0]} as {@code args[1]} says, then halts without closing it. */
    static final class Writer {
        public static void main(String[] args) {
            Path file = Path.of(args[0]);
            Heap heap = switch (args[1]) {
                case "grow-and-fill" -> Heap.open(file, HeapOptions.builder().capacity(NEW).build());
                case "fill" -> Heap.open(file);
                // Halts at the crashpoint, in the commit of the new bound.
                case "raise-undo" -> Heap.open(file, HeapOptions.builder().capacity(NEW).commitMode(CommitMode.UNDO)
                        .build());
                default -> throw new IllegalArgumentException(args[1]);
            };
            fill(heap, PersistentList.root(heap, "halted", ValueType.LONG));
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
