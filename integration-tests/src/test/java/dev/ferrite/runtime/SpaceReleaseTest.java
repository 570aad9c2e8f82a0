package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.runtime.testing.Account;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Freed records give their disk space back: the heap file's {@code st_blocks} (read with
 * {@code stat}) follows the live data after a commit, pages reused afterwards read what was
 * written to them, the heap verifies clean and reopens, and a writable open gives back what an
 * earlier process left allocated.
 */
class SpaceReleaseTest {
    private static final int RECORDS = 1000;
    /** A memo long enough to take two whole pages of its own. */
    private static final int MEMO = 6000;
    private static final long MIB = 1 << 20;
    /** The pages of half the memos, less a few a commit may keep one commit longer. */
    private static final long HALF_OF_THE_MEMOS = RECORDS / 2 * 2 * 4096L * 95 / 100;
    private static final HeapOptions OPTIONS = HeapOptions.builder().capacity(64 * MIB).build();

    private static HeapOptions options(CommitMode mode) {
        return HeapOptions.builder().capacity(64 * MIB).commitMode(mode).build();
    }

    @TempDir
    Path dir;

    static long diskBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
        String out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, stat.waitFor(), out);
        return Long.parseLong(out) * 512;
    }

    private static String memo(long id, char fill) {
        return id + ":" + String.valueOf(fill).repeat(MEMO);
    }

    /** A chain of accounts from the root "chain", each with a page-sized memo. */
    private static void build(Heap heap) {
        Account previous = heap.root("chain", Account.class);
        for (int i = 0; i < RECORDS; i++) {
            Account a = heap.allocate(Account.class);
            a.id(i);
            a.memo(memo(i, 'a'));
            previous.referrer(a);
            previous = a;
        }
        heap.commit();
    }

    /** Frees every record with an odd id, relinking the chain around it. */
    private static void freeOdd(Heap heap) {
        Account a = heap.root("chain", Account.class);
        while (a.referrer() != null) {
            Account next = a.referrer();
            if (next.id() % 2 == 1) {
                a.referrer(next.referrer());
                heap.free(next);
            } else {
                a = next;
            }
        }
        heap.commit();
    }

    private static void checkChain(Heap heap, List<Long> ids, char oddFill) {
        Account a = heap.root("chain", Account.class).referrer();
        for (long id : ids) {
            assertEquals(id, a.id());
            assertEquals(memo(id, id % 2 == 0 ? 'a' : oddFill), a.memo(), "memo of " + id);
            a = a.referrer();
        }
        assertEquals(null, a);
    }

    /** In the write-ahead mode, pages reach the file, and freed pages leave it, at checkpoints. */
    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void freedPagesLeaveTheDiskAndReusedPagesReadWhatWasWritten(CommitMode mode) throws Exception {
        Path path = dir.resolve("space.heap");
        try (Heap heap = Heap.open(path, options(mode))) {
            build(heap);
            heap.checkpoint();
            long full = diskBytes(path);
            assertTrue(full >= RECORDS * 2 * 4096L, "the memos are on disk: " + full);

            freeOdd(heap);
            heap.checkpoint();
            long half = diskBytes(path);
            assertTrue(half <= full - HALF_OF_THE_MEMOS, "half the memos went back: " + full + " -> " + half);
            HeapSpace space = heap.space();
            assertEquals(half, space.diskUsage());
            assertEquals(heap.info().size(), space.fileSize(), "the file is as long as the heap has grown");
            assertTrue(space.fileSize() < 64 * MIB, "and no longer than its capacity: " + space.fileSize());
            assertTrue(space.freePageBytes() >= HALF_OF_THE_MEMOS, space.toString());
            assertEquals(List.of(), heap.verify());

            // Refill the punched pages: they read as zeros now, and must hold exactly the new memos.
            Account a = heap.root("chain", Account.class).referrer();
            while (a != null) {
                Account b = heap.allocate(Account.class);
                b.id(a.id() + 1);
                b.memo(memo(a.id() + 1, 'z'));
                b.referrer(a.referrer());
                a.referrer(b);
                a = b.referrer();
            }
            heap.commit();
            heap.checkpoint();
            assertTrue(diskBytes(path) >= full - MIB, "reused pages hold data again");
            checkChain(heap, ids(), 'z');
        }
        try (Heap heap = Heap.open(path, options(mode))) {
            checkChain(heap, ids(), 'z');
            assertEquals(List.of(), heap.verify());
        }
        assertTrue(HeapVerifier.verify(path).clean());
    }

    private static List<Long> ids() {
        return java.util.stream.LongStream.range(0, RECORDS).boxed().toList();
    }

    @Test
    void aWritableOpenGivesBackWhatAnEarlierOpenLeftOnDisk() throws Exception {
        Path path = dir.resolve("later.heap");
        // Retained versions still hold the freed pages, so this process may not punch them.
        try (Heap heap = Heap.open(path, HeapOptions.builder().capacity(64 * MIB).retainVersions(4).build())) {
            build(heap);
            freeOdd(heap);
        }
        long left = diskBytes(path);
        try (Heap heap = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
            assertEquals(Set.of("chain"), heap.rootNames());
            assertEquals(left, diskBytes(path), "a reader gives nothing back");
        }
        try (Heap heap = Heap.open(path, OPTIONS)) {
            assertTrue(diskBytes(path) <= left - HALF_OF_THE_MEMOS, left + " -> " + diskBytes(path));
            checkChain(heap, java.util.stream.LongStream.range(0, RECORDS).filter(i -> i % 2 == 0).boxed().toList(), 'a');
            assertEquals(List.of(), heap.verify());
        }
    }
}
