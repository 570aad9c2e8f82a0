package dev.ferrite.test;

import dev.ferrite.runtime.Heap;

/**
 * What must hold in every heap the application can find after a crash: typically, that the
 * data is as of some commit the application made, never in between. It fails by throwing, for
 * example through JUnit's assertions.
 */
@FunctionalInterface
public interface HeapInvariant {
    /** Checks {@code heap}, just opened (and recovered) after a crash. */
    void check(Heap heap) throws Exception;
}
