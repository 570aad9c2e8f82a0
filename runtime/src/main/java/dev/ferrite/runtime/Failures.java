package dev.ferrite.runtime;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.FamsFullException;
import dev.ferrite.fams.FamsLockedException;
import dev.ferrite.fams.FamsPoisonedException;
import dev.ferrite.fams.FamsUnmarkedWriteException;
import dev.ferrite.fams.FamsUnsupportedFormatException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one place where failures of the file underneath a heap become the runtime's exceptions,
 * each under its own name, so that callers (and the {@code ferrite} tool's exit codes) can tell
 * a locked heap from a damaged one, a newer format from damage, and an I/O error from a bug.
 */
final class Failures {
    private Failures() {}

    /**
     * The runtime's exception for {@code e}, raised while trying to {@code doing} (a verb phrase,
     * e.g. "commit") the heap at {@code heap}.
     */
    static FerriteException of(Path heap, String doing, FamsException e) {
        String message = "cannot " + doing + " " + heap + ": " + e.getMessage();
        return switch (e) {
            case FamsLockedException locked -> new HeapLockedException(heap + " is open for writing in another"
                    + " process (or by another Heap in this one); open it read-only"
                    + " (HeapOptions.builder().readOnly(true)) or close the writer", locked);
            case FamsUnsupportedFormatException newer -> new UnsupportedHeapFormatException(heap + ": "
                    + newer.getMessage(), newer);
            case FamsFullException full -> new DiskFullException(message, full.fileSystem(), full.neededBytes(),
                    full.freeBytes(), full);
            case FamsCorruptException corrupt -> new CorruptHeapException(heap + ": " + corrupt.getMessage(), corrupt);
            case FamsPoisonedException poisoned -> new HeapIoException(message, poisoned);
            case FamsUnmarkedWriteException unmarked -> new UnmarkedWriteException(message, unmarked);
            default -> e.getCause() instanceof IOException ? new HeapIoException(message, e)
                    : new FerriteException(message, e);
        };
    }
}
