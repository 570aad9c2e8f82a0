package dev.ferrite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.CompactionFixture;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.testing.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferrite compact}: {@code --dry-run} reports a gain and leaves the file as it was; the real
 * run lowers the extent and leaves a heap that verifies clean and holds the same data; a heap with
 * a leak is refused with exit code 1.
 */
class CompactCommandTest {
    private static final HeapOptions OPTIONS = HeapOptions.builder().capacity(32 << 20).build();

    @TempDir
    Path dir;

    @Test
    void aDryRunReportsTheGainAndTheRunCompacts() throws Exception {
        Path path = dir.resolve("cli.heap");
        String content;
        try (Heap heap = Heap.open(path, OPTIONS)) {
            CompactionFixture.build(heap);
            content = CompactionFixture.describe(heap);
        }
        Path copy = dir.resolve("copy.heap");
        Files.copy(path, copy);

        Run dry = Run.ferrite("compact", path.toString(), "--dry-run");
        assertEquals(0, dry.exitCode(), dry.err());
        assertTrue(dry.out().contains("would move") && dry.out().contains("nothing was changed"), dry.out());
        assertTrue(dry.out().contains("maps      packing the sorted maps' leaves would free "), dry.out());
        assertEquals(-1, Files.mismatch(path, copy), "the dry run changed the heap");

        Run run = Run.ferrite("compact", path.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("references rewritten"), run.out());
        assertTrue(run.out().contains("maps      packing the sorted maps' leaves freed "), run.out());
        Run verify = Run.ferrite("verify", path.toString());
        assertEquals(0, verify.exitCode(), verify.out());
        long extentBefore;
        try (Heap before = Heap.open(copy, HeapOptions.builder().readOnly(true).build())) {
            extentBefore = before.space().extent();
        }
        try (Heap heap = Heap.open(path, OPTIONS)) {
            assertEquals(content, CompactionFixture.describe(heap));
            assertTrue(heap.space().extent() < extentBefore, heap.space() + " from " + extentBefore);
        }
    }

    @Test
    void aHeapWithALeakIsNotCompacted() {
        Path path = dir.resolve("leak.heap");
        try (Heap heap = Heap.open(path, OPTIONS)) {
            heap.root("main", Account.class);
            heap.allocate(Account.class);
            heap.commit();
        }
        Run run = Run.ferrite("compact", path.toString());
        assertEquals(FerriteCommand.PROBLEMS, run.exitCode(), run.out());
        assertTrue(run.err().contains("not compacted"), run.err());
    }
}
