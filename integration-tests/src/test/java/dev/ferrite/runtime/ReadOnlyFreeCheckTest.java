package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.FreeCounter;
import dev.ferrite.runtime.testing.Account;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How read-only heaps check that a record a flyweight views was not freed. A read-only open of a
 * write-ahead heap sees one commit until it closes (its checkpoints wait for the reader), so no
 * record is freed under it: its flyweights skip the header read, like a writable heap's while
 * nothing was freed. A read-only open of an undo heap sees the writer's commits land in its view,
 * so its flyweights read the header on every access and catch a record the writer freed.
 */
class ReadOnlyFreeCheckTest {
    private static final HeapOptions WRITE_AHEAD = HeapOptions.builder().capacity(4 << 20).build();
    private static final HeapOptions UNDO =
            HeapOptions.builder().capacity(4 << 20).commitMode(CommitMode.UNDO).build();
    private static final HeapOptions READ_ONLY = HeapOptions.builder().readOnly(true).build();

    @TempDir
    Path dir;

    private static FreeCounter frees(Object record) {
        return ((Flyweight) record).store().frees();
    }

    /** Commits a root "main" that refers to a record with balance 7, and returns that record. */
    private static Account commitReferredRecord(Heap writer) {
        Account kept = writer.allocate(Account.class);
        kept.balance(7);
        writer.root("main", Account.class).referrer(kept);
        writer.commit();
        return kept;
    }

    @Test
    void aReadOnlyWriteAheadHeapSeesNoFreeSoItsFlyweightsSkipTheHeader() {
        Path file = dir.resolve("redo.heap");
        try (Heap writer = Heap.open(file, WRITE_AHEAD)) {
            Account kept = commitReferredRecord(writer);
            try (Heap reader = Heap.open(file, READ_ONLY)) {
                Account seen = reader.root("main", Account.class).referrer();
                assertNotSame(FreeCounter.uncounted(), frees(seen), "a fixed view counts its (no) frees");

                writer.root("main", Account.class).referrer(null);
                writer.free(kept);
                writer.allocate(Account.class).balance(99);
                writer.commit();

                assertEquals(7, seen.balance(), "the reader still sees the commit it opened at");
                assertTrue(((Flyweight) seen).live());
            }
        }
    }

    @Test
    void aReadOnlyUndoHeapChecksTheHeaderAndCatchesAFreeTheWriterCommitted() {
        Path file = dir.resolve("undo.heap");
        try (Heap writer = Heap.open(file, UNDO)) {
            Account kept = commitReferredRecord(writer);
            long offset = ((Flyweight) kept).offset();
            try (Heap reader = Heap.open(file, READ_ONLY)) {
                Account seen = reader.root("main", Account.class).referrer();
                assertSame(FreeCounter.uncounted(), frees(seen), "the writer's commits may land in the view");
                assertEquals(7, seen.balance());

                writer.root("main", Account.class).referrer(null);
                writer.free(kept);
                writer.commit();

                IllegalStateException e = assertThrows(IllegalStateException.class, seen::balance);
                assertTrue(e.getMessage().contains("offset " + offset) && e.getMessage().contains("use after free"),
                        e.getMessage());
            }
        }
    }
}
