package dev.ferrite.test;

import java.nio.file.Path;

/**
 * The code under test: opens the heap at the given path ({@code Heap.open(heap)}), changes it and
 * commits, as the application would.
 */
@FunctionalInterface
public interface HeapWorkload {
    /** Runs on the heap file {@code heap}; it is absent on the first run. */
    void run(Path heap) throws Exception;
}
