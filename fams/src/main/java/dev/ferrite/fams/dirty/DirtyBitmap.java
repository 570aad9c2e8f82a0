package dev.ferrite.fams.dirty;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One bit per page of the mapping, set by {@code markDirty}, with a summary bit per 64-bit word
 * and a top bit per summary word, so that listing and clearing cost the number of marked words,
 * not the size of the mapping, and look only as far as the last chunk made, not at every chunk
 * the reservation could hold (512 for 2 TiB, at every commit); and
 * per marked page, a bit per 64-byte line that a mark covered ({@link #lines}), so that a commit
 * compares only those lines of a page with its last committed image. The bits live in chunks of
 * 2^20 pages (4 GiB of mapping, 128 KiB of bits) made on first mark, their line masks in blocks
 * of 2^12 pages (32 KiB) made on first mark too, so a mapping that reserves terabytes for growth
 * costs memory for the parts written, not for its size. Marking is lock-free and safe from many
 * threads; a line already marked costs two plain reads.
 */
public final class DirtyBitmap {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int CHUNK_SHIFT = 20;
    private static final int WORDS_PER_CHUNK = 1 << (CHUNK_SHIFT - 6);
    private static final int SUMMARY_WORDS = WORDS_PER_CHUNK >>> 6;
    private static final int TOP_WORDS = SUMMARY_WORDS >>> 6;
    private static final int LINE_BLOCK_SHIFT = 12;
    private static final int PAGE_SHIFT = 12;
    private static final int LINE_SHIFT = 6;
    /** Bytes of a line. */
    public static final int LINE = 1 << LINE_SHIFT;

    /**
     * The bits of 2^20 pages, one summary bit per word of them, one top bit per summary word, and
     * the pages' line masks.
     */
    private record Chunk(long[] words, long[] summary, long[] top, AtomicReferenceArray<long[]> lines) {
        Chunk() {
            this(new long[WORDS_PER_CHUNK], new long[SUMMARY_WORDS], new long[TOP_WORDS],
                    new AtomicReferenceArray<>(1 << (CHUNK_SHIFT - LINE_BLOCK_SHIFT)));
        }

        /** The line masks of the block of pages holding page {@code p} (of this chunk), made if absent. */
        long[] lineBlock(long p) {
            int index = (int) ((p & ((1L << CHUNK_SHIFT) - 1)) >>> LINE_BLOCK_SHIFT);
            long[] block = lines.getAcquire(index);
            if (block == null) {
                long[] made = new long[1 << LINE_BLOCK_SHIFT];
                block = lines.compareAndExchange(index, null, made);
                if (block == null) {
                    block = made;
                }
            }
            return block;
        }
    }

    private final AtomicReferenceArray<Chunk> chunks;
    /** One more than the index of the last chunk made: listing and clearing stop there. */
    private final AtomicInteger chunkEnd = new AtomicInteger();

    public DirtyBitmap(long pages) {
        long count = (pages + (1L << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT;
        if (pages < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many pages: " + pages);
        }
        this.chunks = new AtomicReferenceArray<>((int) count);
    }

    private Chunk chunk(long page) {
        int index = (int) (page >>> CHUNK_SHIFT);
        Chunk chunk = chunks.getAcquire(index);
        if (chunk == null) {
            Chunk made = new Chunk();
            chunk = chunks.compareAndExchange(index, null, made);
            if (chunk == null) {
                chunk = made;
                chunkEnd.accumulateAndGet(index + 1, Math::max);
            }
        }
        return chunk;
    }

    /** Marks pages {@code first} to {@code last}, inclusive, every line of them. */
    public void mark(long first, long last) {
        Chunk chunk = null;
        for (long p = first; p <= last; p++) {
            if (chunk == null || (p & ((1L << CHUNK_SHIFT) - 1)) == 0) {
                chunk = chunk(p);
            }
            markLines(chunk, p, -1L);
        }
    }

    /**
     * Marks the {@code length} bytes at {@code offset} of the mapping: their pages, and the lines of
     * those pages that they touch.
     */
    public void markBytes(long offset, long length) {
        long end = offset + length - 1;
        long first = offset >>> PAGE_SHIFT;
        long last = end >>> PAGE_SHIFT;
        if (first == last) {
            int from = (int) (offset >>> LINE_SHIFT) & 63;
            int to = (int) (end >>> LINE_SHIFT) & 63;
            markLines(chunk(first), first, (-1L >>> (63 - to)) & (-1L << from));
            return;
        }
        Chunk chunk = null;
        for (long p = first; p <= last; p++) {
            if (chunk == null || (p & ((1L << CHUNK_SHIFT) - 1)) == 0) {
                chunk = chunk(p);
            }
            int from = p == first ? (int) (offset >>> LINE_SHIFT) & 63 : 0;
            int to = p == last ? (int) (end >>> LINE_SHIFT) & 63 : 63;
            markLines(chunk, p, (-1L >>> (63 - to)) & (-1L << from));
        }
    }

    private static void markLines(Chunk chunk, long p, long lines) {
        long[] block = chunk.lineBlock(p);
        int l = (int) (p & ((1 << LINE_BLOCK_SHIFT) - 1));
        if (((long) LONGS.getOpaque(block, l) & lines) != lines) {
            LONGS.getAndBitwiseOr(block, l, lines);
        }
        int w = (int) ((p >>> 6) & (WORDS_PER_CHUNK - 1));
        long bit = 1L << (p & 63);
        if (((long) LONGS.getOpaque(chunk.words, w) & bit) == 0) {
            long before = (long) LONGS.getAndBitwiseOr(chunk.words, w, bit);
            if (before == 0) {
                int s = w >>> 6;
                long summaryBefore = (long) LONGS.getAndBitwiseOr(chunk.summary, s, 1L << (w & 63));
                if (summaryBefore == 0) {
                    LONGS.getAndBitwiseOr(chunk.top, s >>> 6, 1L << (s & 63));
                }
            }
        }
    }

    /**
     * A bit per 64-byte line of page {@code page} (bit {@code i}: bytes {@code 64i..64i+63}) that a
     * mark since the last {@link #clear()} covered; 0 if the page is not marked.
     */
    public long lines(long page) {
        Chunk chunk = chunks.getAcquire((int) (page >>> CHUNK_SHIFT));
        if (chunk == null) {
            return 0;
        }
        long[] block = chunk.lines.getAcquire((int) ((page & ((1L << CHUNK_SHIFT) - 1)) >>> LINE_BLOCK_SHIFT));
        return block == null ? 0 : (long) LONGS.getVolatile(block, (int) (page & ((1 << LINE_BLOCK_SHIFT) - 1)));
    }

    public boolean isMarked(long page) {
        Chunk chunk = chunks.getAcquire((int) (page >>> CHUNK_SHIFT));
        return chunk != null && ((long) LONGS.getVolatile(chunk.words, (int) ((page >>> 6) & (WORDS_PER_CHUNK - 1)))
                & (1L << (page & 63))) != 0;
    }

    /** The marked pages, ascending. */
    public long[] marked() {
        int end = chunkEnd.get();
        long[] out = new long[16];
        int n = 0;
        for (int c = 0; c < end; c++) {
            Chunk chunk = chunks.getAcquire(c);
            if (chunk == null) {
                continue;
            }
            long base = (long) c << CHUNK_SHIFT;
            for (int t = 0; t < TOP_WORDS; t++) {
                for (long tops = chunk.top[t]; tops != 0; tops &= tops - 1) {
                    int s = (t << 6) + Long.numberOfTrailingZeros(tops);
                    for (long bits = chunk.summary[s]; bits != 0; bits &= bits - 1) {
                        int w = (s << 6) + Long.numberOfTrailingZeros(bits);
                        long word = chunk.words[w];
                        if (n + Long.bitCount(word) > out.length) {
                            out = Arrays.copyOf(out, Math.max(2 * out.length, n + 64));
                        }
                        for (; word != 0; word &= word - 1) {
                            out[n++] = base + ((long) w << 6) + Long.numberOfTrailingZeros(word);
                        }
                    }
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Clears every mark; only while no thread marks (the commit's rule). */
    public void clear() {
        int end = chunkEnd.get();
        for (int c = 0; c < end; c++) {
            Chunk chunk = chunks.getAcquire(c);
            if (chunk == null) {
                continue;
            }
            long base = (long) c << CHUNK_SHIFT;
            for (int t = 0; t < TOP_WORDS; t++) {
                for (long tops = chunk.top[t]; tops != 0; tops &= tops - 1) {
                    int s = (t << 6) + Long.numberOfTrailingZeros(tops);
                    for (long bits = chunk.summary[s]; bits != 0; bits &= bits - 1) {
                        int w = (s << 6) + Long.numberOfTrailingZeros(bits);
                        for (long word = chunk.words[w]; word != 0; word &= word - 1) {
                            long p = base + ((long) w << 6) + Long.numberOfTrailingZeros(word);
                            chunk.lineBlock(p)[(int) (p & ((1 << LINE_BLOCK_SHIFT) - 1))] = 0;
                        }
                        chunk.words[w] = 0;
                    }
                    chunk.summary[s] = 0;
                }
                chunk.top[t] = 0;
            }
        }
    }
}
