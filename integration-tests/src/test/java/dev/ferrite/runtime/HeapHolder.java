package dev.ferrite.runtime;

import dev.ferrite.runtime.testing.Counter;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Child-process main for the lock tests: opens the heap in {@code args[0]} for writing, commits
 * a root, prints {@code READY} and holds the heap until its standard input closes.
 */
public final class HeapHolder {
    private HeapHolder() {}

    public static void main(String[] args) throws IOException {
        try (Heap heap = Heap.open(Path.of(args[0]))) {
            heap.root("held", Counter.class).value(42);
            heap.commit();
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the heap until the parent closes our input or kills us
            }
        }
    }
}
