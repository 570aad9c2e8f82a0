package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.testing.Account;
import dev.ferrite.runtime.testing.Counter;
import dev.ferrite.runtime.testing.Ticket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordinary mistakes of an application get an exception that says what went wrong and what to do;
 * those of the program (use after close, free or rollback, a wrong root type) are never reported
 * as a damaged heap.
 */
class ProgrammingErrorTest {
    private static final HeapOptions SMALL = HeapOptions.builder().capacity(4 << 20).build();

    @TempDir
    Path dir;

    private Path heapFile() {
        return dir.resolve("tracker.heap");
    }

    @Test
    void aRecordUsedAfterItsHeapWasClosedNamesTheHeap() {
        Account main;
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            main = heap.root("main", Account.class);
            main.id(4);
            heap.commit();
        }
        Account closed = main;
        var read = assertThrows(IllegalStateException.class, closed::id);
        assertTrue(read.getMessage().contains(heapFile() + " is closed"), read.getMessage());
        var write = assertThrows(IllegalStateException.class, () -> closed.balance(3));
        assertTrue(write.getMessage().contains(heapFile() + " is closed"), write.getMessage());
        var heapCall = assertThrows(IllegalStateException.class, () -> {
            Heap heap = Heap.open(heapFile(), SMALL);
            heap.close();
            heap.commit();
        });
        assertTrue(heapCall.getMessage().contains(heapFile().toString()), heapCall.getMessage());
    }

    @Test
    void nullForAFixedStringSaysWhatIsExpectedWhileAHeapStringHoldsNull() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Ticket ticket = heap.root("t", Ticket.class);
            assertEquals("", ticket.label(3), "an unset fixed string reads empty");
            assertEquals("", ticket.title());
            assertNull(ticket.description(), "an unset heap string reads null");
            var label = assertThrows(NullPointerException.class, () -> ticket.label(3, null));
            assertEquals("label[3]: a @FixedString(16) field cannot hold null; it reads \"\" until it is set, so store"
                    + " \"\" to clear it (a String field without @FixedString holds null)", label.getMessage());
            var title = assertThrows(NullPointerException.class, () -> ticket.title(null));
            assertTrue(title.getMessage().startsWith("title: a @FixedString(24) field cannot hold null"),
                    title.getMessage());
            var tooLong = assertThrows(IllegalArgumentException.class, () -> ticket.label(2, "x".repeat(17)));
            assertTrue(tooLong.getMessage().startsWith("label[2]: "), tooLong.getMessage());
            ticket.description("text");
            ticket.description(null);
            assertNull(ticket.description());
        }
    }

    @Test
    void aFullHeapSaysHowMuchWasAskedHowMuchIsLeftAndWhatToDo() {
        try (Heap heap = Heap.open(heapFile(), HeapOptions.builder().capacity(HeapOptions.MIN_CAPACITY).build())) {
            List<Counter> counters = new ArrayList<>();
            var e = assertThrows(HeapFullException.class, () -> {
                while (true) {
                    counters.add(heap.allocate(Counter.class));
                }
            });
            assertTrue(e.getMessage().startsWith("heap full: cannot allocate "), e.getMessage());
            assertTrue(e.getMessage().contains("no free page is left in its 65536 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("bound of 65536 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("Free records the application no longer needs"), e.getMessage());
            assertTrue(e.getMessage().contains("larger HeapOptions.capacity"), e.getMessage());
        }
    }

    @Test
    void aFlyweightUsedAfterFreeIsAProgrammingErrorNotACorruptHeap() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account main = heap.root("main", Account.class);
            Account gone = heap.allocate(Account.class);
            gone.memo("freed with its record");
            main.referrer(gone);
            heap.commit();
            main.referrer(null);
            heap.free(gone);
            heap.commit();
            var e = assertThrows(IllegalStateException.class, gone::memo);
            assertTrue(e.getMessage().contains("use after free"), e.getMessage());
        }
    }

    @Test
    void aFlyweightUsedAfterRollbackIsAProgrammingErrorNotACorruptHeap() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            heap.root("main", Account.class);
            Account earlier = heap.allocate(Account.class);
            earlier.memo("the slot's earlier record");
            heap.commit();
            heap.free(earlier);
            heap.commit();
            // Takes the freed slot; the rollback gives the slot back its committed bytes, the earlier record's.
            Account rolledBack = heap.allocate(Account.class);
            rolledBack.memo("never committed");
            heap.rollback();
            var e = assertThrows(IllegalStateException.class, rolledBack::memo);
            assertTrue(e.getMessage().contains("use after free"), e.getMessage());
        }
    }

    @Test
    void aWrongRootTypeIsAnIllegalArgumentNamingBothTypes() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            heap.root("main", Account.class);
            var asStruct = assertThrows(IllegalArgumentException.class, () -> heap.root("main", Counter.class));
            assertTrue(asStruct.getMessage().contains("test.Account") && asStruct.getMessage().contains("test.Counter"),
                    asStruct.getMessage());
            assertThrows(IllegalArgumentException.class, () -> PersistentList.root(heap, "main", ValueType.LONG));
        }
    }
}
