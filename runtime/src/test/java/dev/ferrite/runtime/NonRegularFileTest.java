package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A heap path that names no regular file is refused from its attributes, before anything opens it. */
class NonRegularFileTest {
    @TempDir
    Path dir;

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("pipe.heap");
        int exit = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        assumeTrue(exit == 0, "mkfifo failed");
        // A writer that stands by, so that a runtime which opens the FIFO does not hang the test
        // but reads an empty file instead.
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.flush();
            } catch (IOException e) {
                // The reader below went away; nothing to write anyway.
            }
        });
        try {
            var readOnly = assertThrows(CorruptHeapException.class,
                    () -> Heap.open(fifo, HeapOptions.builder().readOnly(true).build()));
            assertEquals(fifo + ": not a Ferrite heap: it is a FIFO (named pipe), not a regular file", readOnly.getMessage());
            var writable = assertThrows(CorruptHeapException.class, () -> Heap.open(fifo));
            assertEquals(readOnly.getMessage(), writable.getMessage());
            var verify = assertThrows(CorruptHeapException.class, () -> HeapVerifier.verify(fifo));
            assertEquals(readOnly.getMessage(), verify.getMessage());
        } finally {
            if (writer.isAlive()) {
                // Nothing opened the FIFO for reading: do it, so that the writer finishes.
                try (InputStream in = Files.newInputStream(fifo)) {
                    in.readAllBytes();
                }
            }
            writer.join();
        }
    }

    @Test
    void aDirectoryIsRefusedAsNoHeap() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("folder.heap"));
        var readOnly = assertThrows(CorruptHeapException.class,
                () -> Heap.open(directory, HeapOptions.builder().readOnly(true).build()));
        assertEquals(directory + ": not a Ferrite heap: it is a directory, not a regular file", readOnly.getMessage());
        var writable = assertThrows(CorruptHeapException.class, () -> Heap.open(directory));
        assertEquals(readOnly.getMessage(), writable.getMessage());
    }
}
