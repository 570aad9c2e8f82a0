package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.testing.Account;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block sizes the previous release lacks (a 100-byte string takes a 112-byte block) in a heap of
 * that release: its header is written in the current format before the first such slab, so that
 * release refuses the file as newer rather than calling the slab's class damage.
 */
class NewSizeClassTest {
    private static final String HUNDRED = "h".repeat(100);

    @TempDir
    Path dir;

    @Test
    void aHeapOfThePreviousReleaseIsUpgradedWhenItGetsASlabOfANewClass() throws IOException {
        Path heap = dir.resolve("previous.heap");
        for (String name : List.of("previous.heap", "previous.heap.fams-log")) {
            try (InputStream in = NewSizeClassTest.class.getResourceAsStream("/previous-release/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        try (Heap h = Heap.open(heap)) {
            // Frees whole pages (the map's leaves) without writing the header, so that the string
            // below takes a free page rather than one above the top, which would write it anyway.
            PersistentSortedMap.root(h, "words", KeyType.STRING, ValueType.LONG).clear();
            h.commit();
            h.checkpoint();
        }
        assertEquals(HeapHeader.FORMAT_1, headerFormat(heap), "nothing has written the header yet");
        long before;
        try (Heap h = Heap.open(heap)) {
            before = h.space().liveBytes();
            h.root("main", Account.class).memo(HUNDRED);
            h.commit();
            assertEquals(before - 48 + 112, h.space().liveBytes(), "the 31-byte memo's 48-byte block became a 112-byte one");
            h.checkpoint();
        }
        assertEquals(HeapHeader.FORMAT, headerFormat(heap), "the previous release reads format 2: newer than its own");
        try (Heap h = Heap.open(heap)) {
            assertEquals(HUNDRED, h.root("main", Account.class).memo());
            assertEquals(List.of(), h.verify());
        }
    }

    /** The format of the heap's first header copy, checked as the previous release checks it: by the checksum at 64. */
    private static int headerFormat(Path heap) throws IOException {
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(heap), 0, 68).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, 64);
        assertEquals((int) crc.getValue(), header.getInt(64), "the checksum the previous release checks holds");
        return header.getInt(8);
    }
}
