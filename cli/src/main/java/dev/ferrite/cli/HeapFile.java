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

    /** Opens the heap, read-only unless {@code write}; a missing file is an unreadable heap. */
    Heap open(boolean write) {
        if (!Files.exists(path)) {
            throw new FerriteException(path + ": no such heap file");
        }
        // The heap lists (and a writer keeps) only as many retained commits as its opener asks
        // for; the tool must see, and never prune, all of them (FAMS retains at most a million).
        return Heap.open(path, HeapOptions.builder().readOnly(!write).retainVersions(1_000_000).build());
    }
}
