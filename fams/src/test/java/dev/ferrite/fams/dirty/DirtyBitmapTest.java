package dev.ferrite.fams.dirty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DirtyBitmapTest {

    @Test
    void listsExactlyTheMarkedPagesAndClearsThem() {
        long pages = 64L * 64 * 3 + 17;
        DirtyBitmap bitmap = new DirtyBitmap(pages);
        Random random = new Random(5);
        TreeSet<Long> expected = new TreeSet<>();
        for (int i = 0; i < 500; i++) {
            long first = random.nextLong(pages);
            long last = Math.min(pages - 1, first + random.nextInt(3) * random.nextInt(100));
            bitmap.mark(first, last);
            for (long p = first; p <= last; p++) {
                expected.add(p);
            }
        }
        bitmap.mark(pages - 1, pages - 1);
        expected.add(pages - 1);
        assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), bitmap.marked());
        assertTrue(bitmap.isMarked(pages - 1));
        bitmap.clear();
        assertArrayEquals(new long[0], bitmap.marked());
        assertFalse(bitmap.isMarked(pages - 1));
        bitmap.mark(3, 3);
        assertArrayEquals(new long[] {3}, bitmap.marked(), "marks after a clear are found again");
    }

    @Test
    void byteRangesMarkTheLinesTheyTouch() {
        DirtyBitmap bitmap = new DirtyBitmap(1 << 21);
        bitmap.markBytes(4096 + 60, 8); // lines 0 and 1 of page 1
        bitmap.markBytes(4096 + 4095, 2); // the last line of page 1, the first of page 2
        long far = (1L << 20) * 4096 + 3 * 4096; // page 3 of the second chunk
        bitmap.markBytes(far + 640, 64); // line 10 exactly
        bitmap.markBytes(5 * 4096 + 100, 3 * 4096); // from line 1 of page 5 to line 1 of page 8
        bitmap.mark(10, 10);
        assertArrayEquals(new long[] {1, 2, 5, 6, 7, 8, 10, (1L << 20) + 3}, bitmap.marked());
        assertEquals(0b11L | 1L << 63, bitmap.lines(1));
        assertEquals(1L, bitmap.lines(2));
        assertEquals(1L << 10, bitmap.lines((1L << 20) + 3));
        assertEquals(-1L << 1, bitmap.lines(5));
        assertEquals(-1L, bitmap.lines(6));
        assertEquals(0b11L, bitmap.lines(8));
        assertEquals(-1L, bitmap.lines(10), "a page marked whole has every line marked");
        assertEquals(0, bitmap.lines(3));
        bitmap.clear();
        assertEquals(0, bitmap.lines(1));
        assertEquals(0, bitmap.lines((1L << 20) + 3));
        bitmap.markBytes(4096 + 128, 1);
        assertEquals(1L << 2, bitmap.lines(1), "a clear forgets the lines marked before");
    }

    @Test
    void rangesAcrossChunksMarkEveryPageAndEmptyRangesNone() {
        long chunk = 1L << 20;
        DirtyBitmap bitmap = new DirtyBitmap(3 * chunk);
        bitmap.mark(chunk - 2, chunk + 1);
        bitmap.mark(2 * chunk, 2 * chunk);
        bitmap.mark(5, 4);
        assertArrayEquals(new long[] {chunk - 2, chunk - 1, chunk, chunk + 1, 2 * chunk}, bitmap.marked());
    }

    @Test
    void marksInSeveralChunksAreListedAndClearedWhicheverChunkWasMadeFirst() {
        long chunk = 1L << 20;
        DirtyBitmap bitmap = new DirtyBitmap(3 * chunk + 5);
        // the last chunk is made first; pages in every quarter of a chunk's summary
        long[] pages = {3 * chunk + 4, 5, chunk / 4 + 7, chunk / 2 - 1, chunk / 2, chunk - 1, 2 * chunk,
            2 * chunk + 3 * (chunk / 4) + 64};
        for (long page : pages) {
            bitmap.mark(page, page);
        }
        long[] sorted = pages.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, bitmap.marked());
        bitmap.clear();
        assertArrayEquals(new long[0], bitmap.marked());
        for (long page : pages) {
            assertFalse(bitmap.isMarked(page), "page " + page + " after the clear");
        }
        bitmap.mark(chunk - 2, chunk + 1);
        assertArrayEquals(new long[] {chunk - 2, chunk - 1, chunk, chunk + 1}, bitmap.marked(),
                "a run across two chunks after a clear");
    }

    @Test
    void concurrentMarksAreAllKept() {
        DirtyBitmap bitmap = new DirtyBitmap(1 << 16);
        IntStream.range(0, 8).parallel().forEach(t -> {
            for (long p = t; p < (1 << 16); p += 8) {
                bitmap.mark(p, p);
            }
        });
        assertArrayEquals(IntStream.range(0, 1 << 16).asLongStream().toArray(), bitmap.marked());
    }
}
