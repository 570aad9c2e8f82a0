package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes stored in a list's or a map's header that cannot be true are refused, and verify() reports them. */
class StoredCountsTest {
    /** Offset of the size in a list's header block and in a sorted map's. */
    private static final long LIST_SIZE = 16;
    private static final long MAP_SIZE = 24;

    @TempDir
    Path dir;

    private long[] heapWithCollections(Path file) {
        try (Heap heap = Heap.open(file, HeapOptions.builder().capacity(4 << 20).build())) {
            PersistentList<Long> list = PersistentList.root(heap, "list", ValueType.LONG);
            for (long i = 0; i < 3; i++) {
                list.addLong(i);
            }
            PersistentSortedMap<Long, Long> map = PersistentSortedMap.root(heap, "map", KeyType.LONG, ValueType.LONG);
            map.putLong(1L, 10);
            heap.commit();
            assertEquals(List.of(), heap.verify());
            return new long[] {list.handle(), map.handle()};
        }
    }

    private static void writeLong(Path file, long position, long value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, value), position);
        }
    }

    @Test
    void aListOfSizeMinusOneIsCorruptAndNotClean() throws IOException {
        for (long size : new long[] {-1, Long.MIN_VALUE, 1L << 40, Long.MAX_VALUE, 600}) {
            Path file = dir.resolve("list" + size + ".heap");
            long list = heapWithCollections(file)[0];
            writeLong(file, list + LIST_SIZE, size);
            try (Heap heap = Heap.open(file, HeapOptions.builder().readOnly(true).build())) {
                var e = assertThrows(CorruptHeapException.class, () -> PersistentList.root(heap, "list", ValueType.LONG));
                assertTrue(e.getMessage().startsWith("list at offset " + list + ": "), e.getMessage());
                List<String> problems = heap.verify();
                assertEquals(1, problems.size(), problems.toString());
                assertTrue(problems.getFirst().startsWith(file + ": the list at offset " + list + ": "), problems.toString());
                assertTrue(problems.getFirst().contains(String.valueOf(size)), problems.toString());
            }
            assertFalse(HeapVerifier.verify(file).clean(), "size " + size);
        }
    }

    @Test
    void aMapOfSizeMinusOneIsCorruptAndNotClean() throws IOException {
        Path file = dir.resolve("map.heap");
        long map = heapWithCollections(file)[1];
        writeLong(file, map + MAP_SIZE, -1);
        try (Heap heap = Heap.open(file, HeapOptions.builder().readOnly(true).build())) {
            var e = assertThrows(CorruptHeapException.class,
                    () -> PersistentSortedMap.root(heap, "map", KeyType.LONG, ValueType.LONG));
            assertTrue(e.getMessage().contains("counts -1 entries"), e.getMessage());
            List<String> problems = heap.verify();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.getFirst().startsWith(file + ": the sorted map at offset " + map + ": "), problems.toString());
        }
        assertFalse(HeapVerifier.verify(file).clean());
    }
}
