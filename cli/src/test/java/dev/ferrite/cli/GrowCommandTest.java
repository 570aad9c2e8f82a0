package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.cli.fixtures.Customer;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapFullException;
import dev.ferrite.runtime.HeapOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferrite grow}: a heap that is full at its capacity grows past it after a larger one is set. */
class GrowCommandTest {
    private static final long SMALL = 256 << 10;

    @TempDir
    Path dir;

    @Test
    void aFullHeapGrowsPastItsOldCapacityOnceTheToolRaisesIt() {
        Path file = dir.resolve("full.heap");
        int stored;
        try (Heap heap = Heap.open(file, HeapOptions.builder().capacity(SMALL).build())) {
            stored = fill(heap);
            heap.commit();
        }
        Run grow = ferrite("grow", file.toString(), "--capacity", "8m");
        assertEquals(0, grow.exitCode(), grow.err());
        assertTrue(grow.out().contains("capacity  8,388,608 bytes (was 262,144 bytes)"), grow.out());

        try (Heap heap = Heap.open(file)) {
            assertEquals(8L << 20, heap.info().capacity(), "the raised bound is durable");
            Customer main = heap.root("main", Customer.class);
            for (int i = 0; i < 10 * stored; i++) {
                Customer next = heap.allocate(Customer.class);
                next.id(i);
                next.referrer(main.referrer());
                main.referrer(next);
            }
            heap.commit();
            assertTrue(heap.info().size() > SMALL, "grew past the old capacity: " + heap.info().size());
        }
        assertEquals(0, ferrite("verify", file.toString()).exitCode());
        Run info = ferrite("info", file.toString());
        assertTrue(info.out().contains("capacity  8,388,608 bytes"), info.out());

        Run unbounded = ferrite("grow", file.toString(), "--capacity", "unbounded");
        assertEquals(0, unbounded.exitCode(), unbounded.err());
        assertTrue(unbounded.out().contains("capacity  unbounded (was 8,388,608 bytes)"), unbounded.out());
    }

    @Test
    void aSizeThatIsNotOneIsAUsageError() {
        Path file = dir.resolve("any.heap");
        try (Heap heap = Heap.open(file)) {
            heap.commit();
        }
        Run bad = ferrite("grow", file.toString(), "--capacity", "8q");
        assertEquals(2, bad.exitCode(), bad.out() + bad.err());
        assertTrue(bad.err().contains("'8q' is not a size"), bad.err());
        Run missing = ferrite("grow", file.toString());
        assertEquals(2, missing.exitCode());
    }

    /** Allocates customers until the heap is full; returns how many it took. */
    private static int fill(Heap heap) {
        List<Customer> all = new java.util.ArrayList<>();
        Customer main = heap.root("main", Customer.class);
        var full = assertThrows(HeapFullException.class, () -> {
            while (true) {
                Customer next = heap.allocate(Customer.class);
                next.referrer(main.referrer());
                main.referrer(next);
                all.add(next);
            }
        });
        assertTrue(full.getMessage().contains("ferrite grow"), full.getMessage());
        return all.size();
    }
}
