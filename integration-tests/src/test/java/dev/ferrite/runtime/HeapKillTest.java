package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.testing.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM works on a heap opened with the defaults (the write-ahead mode), one commit per
 * step: it allocates a record with a heap string, frees the oldest, puts and removes map keys,
 * appends to a list and rewrites a string of the root. It is killed with SIGKILL at a random
 * step; the reopened heap must hold exactly a step it committed (the last one it reported or the
 * one in flight), every part of that step, and nothing unreachable or damaged.
 */
class HeapKillTest {
    private static final int CHAIN = 20;
    private static final int KEYS = 50;

    @TempDir
    Path dir;

    @Test
    void aKilledWriterLeavesExactlyACommittedStep() throws Exception {
        Path file = dir.resolve("kill.heap");
        long last = -1;
        for (int kill = 0; kill < 5; kill++) {
            long reported = CommittingChild.runAndKill(HeapKillTest.class, file, 20 + kill * 37);
            assertTrue(Files.exists(dir.resolve("kill.heap.fams-redo")), "the default mode writes a redo log");
            try (Heap heap = Heap.open(file)) {
                long step = checkStep(heap);
                assertTrue(step == reported || step == reported + 1, "step " + step + ", reported " + reported);
                assertTrue(step > last, "a committed step was lost: " + step + " after " + last);
                last = step;
            }
        }
    }

    /** Checks that the heap holds all of one step and returns its number. */
    private static long checkStep(Heap heap) {
        Account main = heap.root("main", Account.class);
        long step = main.balance();
        assertEquals("step " + step, main.memo());
        Account record = main.referrer();
        for (long s = step; s > Math.max(-1, step - CHAIN); s--) {
            assertEquals("record " + s, record.memo());
            assertEquals(s, record.id());
            record = record.referrer();
        }
        assertNull(record, "the chain holds at most " + CHAIN + " records");
        PersistentSortedMap<String, Long> map = PersistentSortedMap.root(heap, "keys", KeyType.STRING, ValueType.LONG);
        assertEquals(Math.min(step + 1, KEYS), map.size());
        for (long s = Math.max(0, step - KEYS + 1); s <= step; s++) {
            assertEquals(s * 7, map.getLong("key " + s, -1));
        }
        PersistentList<Long> list = PersistentList.root(heap, "list", ValueType.LONG);
        assertEquals(step + 1, list.size());
        for (long s = 0; s <= step; s++) {
            assertEquals(s, list.getLong(s));
        }
        assertEquals(List.of(), heap.verify());
        return step;
    }

    /** The child: one step per commit, forever, from the step after the heap's last. */
    public static void main(String[] args) {
        try (Heap heap = Heap.open(Path.of(args[0]))) {
            Account main = heap.root("main", Account.class);
            PersistentSortedMap<String, Long> map = PersistentSortedMap.root(heap, "keys", KeyType.STRING, ValueType.LONG);
            PersistentList<Long> list = PersistentList.root(heap, "list", ValueType.LONG);
            long step = main.memo() == null ? 0 : main.balance() + 1;
            for (; ; step++) {
                Account record = heap.allocate(Account.class);
                record.id(step);
                record.memo("record " + step);
                record.referrer(main.referrer());
                main.referrer(record);
                Account keep = record;
                for (int i = 1; i < CHAIN && keep.referrer() != null; i++) {
                    keep = keep.referrer();
                }
                Account oldest = keep.referrer();
                if (oldest != null) {
                    keep.referrer(null);
                    heap.free(oldest);
                }
                map.putLong("key " + step, step * 7);
                map.remove("key " + (step - KEYS));
                list.addLong(step);
                main.balance(step);
                main.memo("step " + step);
                heap.commit();
                System.out.println("committed " + step);
                System.out.flush();
            }
        }
    }
}
