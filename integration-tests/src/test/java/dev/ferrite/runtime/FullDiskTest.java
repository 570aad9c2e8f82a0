package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.runtime.testing.Account;
import dev.ferrite.runtime.testing.SmallFileSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A heap on a real disk that fills up: a 32 MiB ext4 image, loop-mounted by the test. A commit
 * or checkpoint the file system refuses is an ordinary error ({@link DiskFullException}); the heap
 * file stays at its last commit and the same {@link Heap} goes on once space is freed.
 */
class FullDiskTest {
    /** Longs whose pages, all new, take more than the megabyte the write-ahead log is written ahead for. */
    private static final int MANY = 300_000;
    private static final HeapOptions READ_ONLY = HeapOptions.builder().readOnly(true).build();

    @TempDir
    Path dir;

    private SmallFileSystem disk;
    private Path path;

    @BeforeEach
    void mount() throws IOException {
        disk = SmallFileSystem.ext4(dir.resolve("disk"), 32);
        path = disk.directory().resolve("full.heap");
    }

    @AfterEach
    void unmount() throws IOException {
        if (disk != null) {
            disk.close();
        }
    }

    private static HeapOptions options(String mode) {
        return switch (mode) {
            case "redo" -> HeapOptions.builder().commitMode(CommitMode.REDO).build();
            case "undo" -> HeapOptions.builder().commitMode(CommitMode.UNDO).build();
            case "undo, retaining 2 versions" -> HeapOptions.builder().retainVersions(2).build();
            default -> throw new IllegalArgumentException(mode);
        };
    }

    /** Commits many numbers, then commits each of them rewritten: a heap with a log that has held a large commit. */
    private static void commitManyThenRewriteThem(Heap heap) {
        heap.root("main", Account.class).id(1);
        addMany(heap);
        heap.commit();
        PersistentList<Long> numbers = PersistentList.root(heap, "numbers", ValueType.LONG);
        for (int i = 0; i < MANY; i++) {
            numbers.setLong(i, -i);
        }
        heap.commit();
    }

    private static void addMany(Heap heap) {
        PersistentList<Long> numbers = PersistentList.root(heap, "numbers", ValueType.LONG);
        for (long i = 0; i < MANY; i++) {
            numbers.addLong(i);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redo", "undo", "undo, retaining 2 versions"})
    void aRefusedCommitLeavesTheLastCommitAndTheHeapGoesOnAfterRollback(String mode) throws IOException {
        try (Heap heap = Heap.open(path, options(mode))) {
            heap.root("main", Account.class).id(1);
            long first = heap.commit();
            List<Long> versions = heap.versions();
            addMany(heap);
            heap.root("main", Account.class).id(2);
            disk.fill();

            DiskFullException full = assertThrows(DiskFullException.class, heap::commit);
            assertRefusal(full, "cannot commit " + path + ": commit " + (first + 1) + " of ");
            assertEquals(versions, heap.versions());
            assertFalse(Files.exists(path.resolveSibling("full.heap.fams-undo." + (first + 1))),
                    "the refused commit's undo log is removed");
            assertFileHolds(1, -1);

            disk.unfill();
            heap.rollback();
            assertEquals(1, heap.root("main", Account.class).id());
            assertFalse(heap.rootNames().contains("numbers"), heap.rootNames().toString());
            heap.root("main", Account.class).id(3);
            assertEquals(first + 1, heap.commit());
        }
        assertFileHolds(3, -1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redo", "undo"})
    void aRefusedCommitKeepsTheChangesForTheNextCommit(String mode) throws IOException {
        try (Heap heap = Heap.open(path, options(mode))) {
            heap.root("main", Account.class).id(1);
            heap.commit();
            addMany(heap);
            heap.root("main", Account.class).id(2);
            disk.fill();
            assertThrows(DiskFullException.class, heap::commit);
            // Still refused while the disk is full; nothing poisoned the heap.
            assertThrows(DiskFullException.class, heap::commit);
            assertFileHolds(1, -1);

            disk.unfill();
            heap.commit();
        }
        assertFileHolds(2, MANY);
    }

    /**
     * Removals that pack the strings of a map of the earlier format, a heap block a string (moving
     * a third of them), on a full disk: the commit is
     * refused and keeps the moves with the removals, the file keeps the last commit, and once there
     * is space the same commit goes through, every value where it was read before.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redo", "undo"})
    void aRefusedCommitOfRemovalsThatPackedStringsKeepsThemForTheNextCommit(String mode) throws IOException {
        refusedCommitOfRemovals(mode, EarlierStringMaps::root, k -> k + "x".repeat(90), heap -> {
            long partlyFree = heap.space().freeBytes() - heap.space().freePageBytes();
            assertTrue(partlyFree < 10_000 * 112L / 2, "the removals packed the strings: " + heap.space());
        });
    }

    /**
     * The same on a map that keeps its strings in its leaves (values that do not compress, some
     * longer than a leaf keeps): the removals merged leaves, and the refused commit keeps them.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"redo", "undo"})
    void aRefusedCommitOfRemovalsThatMergedLeavesOfStringsKeepsThemForTheNextCommit(String mode) throws IOException {
        refusedCommitOfRemovals(mode, (heap, root) -> PersistentSortedMap.root(heap, root, KeyType.LONG, ValueType.STRING),
                k -> {
                    SplittableRandom letters = new SplittableRandom(k);
                    StringBuilder value = new StringBuilder().append(k);
                    for (int i = k % 100 == 0 ? 1_500 : 90; i > 0; i--) {
                        value.append((char) ('a' + letters.nextInt(26)));
                    }
                    return value.toString();
                }, heap -> { });
    }

    /**
     * Puts 20,000 values into the map {@code mapOf} makes under the root "values", commits, removes
     * a random half, calls {@code afterRemovals}, and has the commit refused by a full disk and
     * then, once there is space, taken.
     */
    private void refusedCommitOfRemovals(String mode, BiFunction<Heap, String, PersistentSortedMap<Long, String>> mapOf,
            LongFunction<String> valueOf, Consumer<Heap> afterRemovals) throws IOException {
        TreeMap<Long, String> expected = new TreeMap<>();
        try (Heap heap = Heap.open(path, options(mode))) {
            PersistentSortedMap<Long, String> map = mapOf.apply(heap, "values");
            for (long k = 0; k < 20_000; k++) {
                map.put(k, valueOf.apply(k));
                expected.put(k, valueOf.apply(k));
            }
            heap.commit();
            TreeMap<Long, String> committed = new TreeMap<>(expected);
            SplittableRandom random = new SplittableRandom(3);
            for (long k = 0; k < 20_000; k++) {
                if (random.nextBoolean()) {
                    assertEquals(expected.remove(k), map.remove(k));
                }
            }
            afterRemovals.accept(heap);
            disk.fill();
            assertThrows(DiskFullException.class, heap::commit);
            assertThrows(DiskFullException.class, heap::commit);
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(map.entrySet()));
            try (Heap reader = Heap.open(path, READ_ONLY)) {
                assertEquals(new ArrayList<>(committed.entrySet()), new ArrayList<>(
                        PersistentSortedMap.root(reader, "values", KeyType.LONG, ValueType.STRING).entrySet()));
            }

            disk.unfill();
            heap.commit();
            assertEquals(List.of(), heap.verify());
        }
        try (Heap heap = Heap.open(path, options(mode))) {
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(
                    PersistentSortedMap.root(heap, "values", KeyType.LONG, ValueType.STRING).entrySet()));
            assertEquals(List.of(), heap.verify());
        }
    }

    /**
     * The undo log has room (an earlier commit logged megabytes of old pages), but the new pages
     * are holes of the heap file: the commit allocates their blocks before its log counts, so the
     * disk refuses it while nothing has changed, not halfway through writing the heap file.
     */
    @Test
    void anUndoCommitIsRefusedBeforeItsLogCountsWhenItsNewPagesFindNoBlocks() throws IOException {
        try (Heap heap = Heap.open(path, options("undo"))) {
            commitManyThenRewriteThem(heap);
            // A small commit, so that the next one's records go to the start of the log, which has room.
            heap.root("main", Account.class).id(5);
            heap.commit();
            PersistentList<Long> more = PersistentList.root(heap, "more", ValueType.LONG);
            for (long i = 0; i < MANY / 2; i++) {
                more.addLong(i);
            }
            heap.root("main", Account.class).id(2);
            disk.fill();

            DiskFullException full = assertThrows(DiskFullException.class, heap::commit);
            assertRefusal(full, "cannot commit " + path + ": commit 4 of ");
            assertTrue(full.getMessage().contains(" bytes to " + path + " failed"), "the heap file's blocks are"
                    + " refused, not the log's: " + full.getMessage());
            assertFileHolds(5, MANY);

            disk.unfill();
            heap.commit();
        }
        assertFileHolds(2, MANY);
        try (Heap heap = Heap.open(path, READ_ONLY)) {
            assertEquals(MANY / 2, PersistentList.root(heap, "more", ValueType.LONG).size());
            assertEquals(-(MANY - 1), PersistentList.root(heap, "numbers", ValueType.LONG).getLong(MANY - 1));
        }
    }

    /**
     * The undo log has room, and every page the heap holds already has its blocks, but the commit
     * grows the heap: the pages past the committed size are holes of the grown file. The commit
     * allocates their blocks before its log counts, so the disk refuses it while nothing has
     * changed (it used to fail after the log sync, poisoning the heap until reopened), and the same
     * heap commits once space is freed.
     */
    @Test
    void anUndoCommitThatGrowsTheHeapIsRefusedBeforeItsLogCounts() throws IOException {
        try (Heap heap = Heap.open(path, options("undo"))) {
            commitManyThenRewriteThem(heap);
            // Every free page of the heap used and committed: the next commit writes no hole below its size.
            PersistentList<Account> pad = PersistentList.root(heap, "pad", ValueType.reference(Account.class));
            while (heap.space().freePageBytes() + heap.space().fileSize() - heap.space().extent() > 0) {
                Account a = heap.allocate(Account.class);
                a.memo("p".repeat(3000));
                pad.add(a);
            }
            heap.commit();
            // A small commit, so that the next one's records go to the start of the log, which has room.
            heap.root("main", Account.class).id(5);
            heap.commit();
            long size = heap.space().fileSize();
            for (int i = 0; i < 400; i++) {
                Account a = heap.allocate(Account.class);
                a.memo("g".repeat(3000));
                pad.add(a);
            }
            assertTrue(heap.info().size() > size, "the commit grows the heap");
            heap.root("main", Account.class).id(2);
            disk.fill();

            DiskFullException full = assertThrows(DiskFullException.class, heap::commit);
            assertRefusal(full, "cannot commit " + path + ": commit 5 of ");
            assertFileHolds(5, MANY);
            assertThrows(DiskFullException.class, heap::commit, "still refused, not poisoned");

            disk.unfill();
            heap.commit();
        }
        assertFileHolds(2, MANY);
    }

    @Test
    void aRefusedCheckpointLosesNoCommitAndRunsOnceThereIsSpace() throws IOException {
        try (Heap heap = Heap.open(path, HeapOptions.builder().commitMode(CommitMode.REDO).build())) {
            heap.root("main", Account.class).id(1);
            addMany(heap);
            heap.commit();
            disk.fill();

            DiskFullException full = assertThrows(DiskFullException.class, heap::checkpoint);
            assertRefusal(full, "cannot checkpoint " + path + ": checkpoint of ");
            assertFileHolds(1, MANY);

            disk.unfill();
            heap.checkpoint();
            heap.root("main", Account.class).id(2);
            heap.commit();
        }
        assertFileHolds(2, MANY);
    }

    @Test
    void aCommitWhoseCheckpointTheDiskRefusesStillCommits() throws IOException {
        HeapOptions options = HeapOptions.builder().commitMode(CommitMode.REDO).checkpointThreshold(1 << 20).build();
        try (Heap heap = Heap.open(path, options)) {
            heap.root("main", Account.class).id(1);
            PersistentList<Long> numbers = PersistentList.root(heap, "numbers", ValueType.LONG);
            for (long i = 0; i < 200_000; i++) {
                numbers.addLong(i); // 1.6 MB: the log is written out that far, and the commit checkpoints
            }
            heap.commit();
            long checkpoints = heap.statistics().checkpoints();
            for (long i = 0; i < 150_000; i++) {
                numbers.addLong(i); // 1.2 MB of new pages: past the threshold, within the log written out
            }
            disk.fill();

            long n = heap.commit();
            assertEquals(checkpoints, heap.statistics().checkpoints(), "the disk refused the checkpoint");
            assertEquals(n, heap.statistics().lastCommitNumber());
            assertFileHolds(1, 350_000);

            disk.unfill();
            heap.root("main", Account.class).id(2);
            heap.commit();
            assertEquals(checkpoints + 1, heap.statistics().checkpoints(), "tried again after the next commit");
        }
        assertFileHolds(2, 350_000);
    }

    private void assertRefusal(DiskFullException full, String start) {
        String message = full.getMessage();
        assertTrue(message.startsWith(start), message);
        assertTrue(full.fileSystem().startsWith(disk.directory().toString() + " ("), full.fileSystem());
        assertTrue(full.neededBytes() > 0, message);
        assertTrue(full.freeBytes() >= 0 && full.freeBytes() < full.neededBytes(), message);
        assertTrue(message.contains("the file system " + full.fileSystem() + " is full: writing " + full.neededBytes()
                + " bytes"), message);
        assertTrue(message.contains(full.freeBytes() + " bytes are free"), message);
        assertTrue(message.contains("; free space, then "), message);
    }

    /**
     * What the heap file holds, as a read-only open sees it: the root's id and the count of the
     * list of longs ({@code -1}: no list).
     */
    private void assertFileHolds(long id, int numbers) {
        try (Heap heap = Heap.open(path, READ_ONLY)) {
            assertEquals(id, heap.findRoot("main", Account.class).map(Account::id).orElse(0L));
            if (numbers < 0) {
                assertFalse(heap.rootNames().contains("numbers"), heap.rootNames().toString());
            } else {
                assertEquals(numbers, PersistentList.root(heap, "numbers", ValueType.LONG).size());
            }
            assertEquals(List.of(), heap.verify());
        }
        VerifyReport report = HeapVerifier.verify(path);
        assertTrue(report.clean(), report.toString());
    }
}
