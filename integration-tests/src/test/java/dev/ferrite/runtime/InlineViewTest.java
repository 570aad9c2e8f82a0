package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.testing.Box;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The getter of an embedded ({@code @Inline}) struct returns a view of its own: two results stay
 * on their own records, and threads reading one parent do not move each other's views.
 */
class InlineViewTest {
    @TempDir
    Path dir;

    @Test
    void twoEmbeddedViewsOfOneRecordKeepTheirOwnRecords() {
        try (Heap heap = Heap.open(dir.resolve("boxes.heap"), HeapOptions.builder().capacity(1 << 20).build())) {
            Box box = heap.root("box", Box.class);
            Box.Corner first = box.corners(0);
            Box.Corner second = box.corners(1);
            Box.Corner origin = box.origin();
            first.x(10);
            second.x(20);
            origin.x(30);
            assertEquals(10, first.x(), "the first corner's view was moved to another record");
            assertEquals(20, second.x());
            assertEquals(30, origin.x());
            assertEquals(10, box.corners(0).x());
        }
    }

    @Test
    void threadsReadingOneParentReadTheirOwnEmbeddedRecords() throws Exception {
        try (Heap heap = Heap.open(dir.resolve("shared.heap"), HeapOptions.builder().capacity(1 << 20).build())) {
            Box box = heap.root("box", Box.class);
            box.corners(0).x(1);
            box.corners(1).x(2);
            heap.commit();
            int threads = 8;
            CountDownLatch start = new CountDownLatch(1);
            List<String> wrong = new ArrayList<>();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int corner = t % 2;
                readers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < 200_000; i++) {
                            long x = box.corners(corner).x();
                            if (x != corner + 1) {
                                synchronized (wrong) {
                                    wrong.add("corner " + corner + " read " + x);
                                }
                                return;
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }
            start.countDown();
            for (Thread reader : readers) {
                reader.join();
            }
            assertEquals(List.of(), wrong);
        }
    }
}
