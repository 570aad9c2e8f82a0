package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.DiskFullException;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Turns the JVM's report of a failed access to the mapping into a {@link DiskFullException}.
 *
 * <p>A heap file is sparse: pages inside its size have no storage until first touched. When
 * the file system under the mapping cannot provide a page (a full tmpfs, a full disk for a
 * shared mapping), the kernel raises SIGBUS and the JVM throws {@link InternalError} "a fault
 * occurred in an unsafe memory access operation" from whatever read or wrote the page. That is a
 * full file system, not a bug, and the application must hear it as one, as it hears a commit the
 * file system refused.
 */
public final class MemoryFaults {
    /** What a fault needed: the one page the kernel could not give storage. */
    private static final long PAGE = 4096;

    private MemoryFaults() {}

    /** Whether {@code failure} is the JVM's report of a fault in an access to mapped memory. */
    public static boolean isFault(Throwable failure) {
        // The JDK's wording, unchanged since JDK 9 (before: "... in a recent unsafe memory access ...").
        return failure instanceof InternalError
                && failure.getMessage() != null
                && failure.getMessage().contains("unsafe memory access");
    }

    /** The exception for a fault during {@code operation} on the heap at {@code source}. */
    public static DiskFullException full(String source, String operation, Throwable fault) {
        String fileSystem = "of " + source;
        long free = -1;
        try {
            Path directory = Path.of(source).toAbsolutePath().getParent();
            FileStore store = Files.getFileStore(directory);
            fileSystem = store.toString();
            free = store.getUsableSpace();
        } catch (IOException | InvalidPathException | SecurityException e) {
            // Not measurable: the message says so, the fault is still reported.
        }
        return new DiskFullException(source + ": " + operation + " failed: the file system under the heap's memory"
                + " mapping is full, so a page of the heap file could not be given storage (file system " + fileSystem
                + ": " + PAGE + " bytes needed, " + (free < 0 ? "free space unknown" : free + " bytes free")
                + "; the JVM reported: " + fault.getMessage() + "). Free space on that file system (or move the heap"
                + " to a larger one), then call rollback(): the operation is partly done", fileSystem, PAGE, free, fault);
    }
}
