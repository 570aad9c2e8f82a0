package dev.ferrite.cli;

import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The heap file argument that every command takes. */
final class HeapFile {
    @Parameters(index = "0", paramLabel = "<heap>", description = "The heap file.")
    Path path;

    /**
     * Opens the heap, read-only unless {@code write}; a missing file is an unreadable heap. A heap
     * that retains earlier versions is written in the undo mode that keeps them, every other in
     * the default write-ahead mode, so that the tool never drops a version nor switches a heap
     * that keeps none to the undo mode.
     */
    Heap open(boolean write) {
        return open(write, null);
    }

    /**
     * {@link #open(boolean)}, writable, also making {@code capacity} (when not null) the heap's
     * bound, which the open commits.
     */
    Heap open(boolean write, Long capacity) {
        if (!Files.exists(path)) {
            throw new FerriteException(path + ": no such heap file");
        }
        // The heap lists (and a writer keeps) only as many retained commits as its opener asks
        // for; the tool must see, and never prune, all of them (FAMS retains at most a million).
        HeapOptions reading = HeapOptions.builder().readOnly(true).retainVersions(1_000_000).build();
        if (!write) {
            return Heap.open(path, reading);
        }
        boolean retains;
        try (Heap heap = Heap.open(path, reading)) {
            retains = heap.versions().size() > 1;
        }
        HeapOptions.Builder options = retains ? HeapOptions.builder().retainVersions(1_000_000) : HeapOptions.builder();
        if (capacity != null) {
            options.capacity(capacity);
        }
        return Heap.open(path, options.build());
    }
}
