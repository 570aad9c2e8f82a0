package dev.ferrite.runtime.collection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChunkedListTest {

    @Test
    void indexesFillEachChunkInOrderWithoutGaps() {
        int chunk = 0;
        long offset = 0;
        for (long index = 0; index < 20_000; index++) {
            if (offset == ChunkedList.chunkCapacity(chunk)) {
                chunk++;
                offset = 0;
            }
            assertEquals(chunk, ChunkedList.chunkOf(index), "chunk of " + index);
            assertEquals(offset, ChunkedList.offsetInChunk(index), "offset of " + index);
            offset++;
        }
    }

    @Test
    void largeChunksAreOnePage() {
        assertEquals(4096, 16 + 8 * ChunkedList.chunkCapacity(6));
        assertEquals(4096, 16 + 8 * ChunkedList.chunkCapacity(100));
    }
}
