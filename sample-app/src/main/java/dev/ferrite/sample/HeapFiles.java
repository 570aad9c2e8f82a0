package dev.ferrite.sample;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the samples keep their heaps, and how they tell the user. */
public final class HeapFiles {
    private HeapFiles() {}

    /** {@code sample-heaps/<name>} under the working directory. */
    public static Path defaultPath(String name) {
        return Path.of("sample-heaps", name);
    }

    /** Creates the heap's directory and prints where the heap is and how to start over. */
    public static void announce(Path heap) throws java.io.IOException {
        Path absolute = heap.toAbsolutePath();
        if (absolute.getParent() != null) {
            Files.createDirectories(absolute.getParent());
        }
        System.out.println("heap: " + absolute + (Files.exists(heap) ? "" : " (new)"));
        System.out.println("      delete it (rm " + absolute + "*) to start over");
    }
}
