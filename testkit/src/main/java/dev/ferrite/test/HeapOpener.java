package dev.ferrite.test;

import dev.ferrite.runtime.Heap;
import java.nio.file.Path;

/** Opens a heap the way the application does after a restart: {@code Heap::open} unless it uses options. */
@FunctionalInterface
public interface HeapOpener {
    /** Opens (and so recovers) the heap at {@code heap}. */
    Heap open(Path heap) throws Exception;
}
