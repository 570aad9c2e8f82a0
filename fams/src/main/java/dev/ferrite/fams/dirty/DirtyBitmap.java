package dev.ferrite.fams.dirty;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One bit per page of the mapping, set by {@code markDirty}, with a summary bit per 64-bit word
 * so that listing and clearing cost the number of marked words, not the size of the mapping.
 * The bits live in chunks of 2^20 pages (4 GiB of mapping, 128 KiB of bits) made on first mark,
 * so a mapping that reserves terabytes for growth costs memory for the parts written, not for
 * its size. Marking is lock-free and safe from many threads; a page already marked costs one
 * plain read.
 */
public final class DirtyBitmap {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int CHUNK_SHIFT = 20;
    private static final int WORDS_PER_CHUNK = 1 << (CHUNK_SHIFT - 6);

    /** The bits of 2^20 pages and one summary bit per word of them. */
    private record Chunk(long[] words, long[] summary) {
        Chunk() {
            this(new long[WORDS_PER_CHUNK], new long[WORDS_PER_CHUNK >>> 6]);
        }
    }

    private final AtomicReferenceArray<Chunk> chunks;

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
            }
        }
        return chunk;
    }

    /** Marks pages {@code first} to {@code last}, inclusive; nothing if {@code first > last}. */
    public void mark(long first, long last) {
        if (first > last) {
            return;
        }
        // The first page is marked before the loop because almost every range is one field in one
        // page: the loop, which C2 compiles as a long counted loop with its own safepoint poll and
        // which made a mark of one page half as slow again, then does not run.
        Chunk chunk = chunk(first);
        mark(chunk, first);
        for (long p = first + 1; p <= last; p++) {
            if ((p & ((1L << CHUNK_SHIFT) - 1)) == 0) {
                chunk = chunk(p);
            }
            mark(chunk, p);
        }
    }

    private static void mark(Chunk chunk, long page) {
        int w = (int) ((page >>> 6) & (WORDS_PER_CHUNK - 1));
        long bit = 1L << (page & 63);
        if (((long) LONGS.getOpaque(chunk.words, w) & bit) == 0) {
            long before = (long) LONGS.getAndBitwiseOr(chunk.words, w, bit);
            if (before == 0) {
                LONGS.getAndBitwiseOr(chunk.summary, w >>> 6, 1L << (w & 63));
            }
        }
    }

    public boolean isMarked(long page) {
        Chunk chunk = chunks.getAcquire((int) (page >>> CHUNK_SHIFT));
        return chunk != null && ((long) LONGS.getVolatile(chunk.words, (int) ((page >>> 6) & (WORDS_PER_CHUNK - 1)))
                & (1L << (page & 63))) != 0;
    }

    /** The marked pages, ascending. */
    public long[] marked() {
        int count = 0;
        for (int c = 0; c < chunks.length(); c++) {
            Chunk chunk = chunks.getAcquire(c);
            if (chunk == null) {
                continue;
            }
            for (int s = 0; s < chunk.summary.length; s++) {
                for (long bits = chunk.summary[s]; bits != 0; bits &= bits - 1) {
                    count += Long.bitCount(chunk.words[(s << 6) + Long.numberOfTrailingZeros(bits)]);
                }
            }
        }
        long[] out = new long[count];
        int n = 0;
        for (int c = 0; c < chunks.length(); c++) {
            Chunk chunk = chunks.getAcquire(c);
            if (chunk == null) {
                continue;
            }
            long base = (long) c << CHUNK_SHIFT;
            for (int s = 0; s < chunk.summary.length; s++) {
                for (long bits = chunk.summary[s]; bits != 0; bits &= bits - 1) {
                    int w = (s << 6) + Long.numberOfTrailingZeros(bits);
                    for (long word = chunk.words[w]; word != 0; word &= word - 1) {
                        out[n++] = base + ((long) w << 6) + Long.numberOfTrailingZeros(word);
                    }
                }
            }
        }
        return out;
    }

    /** Clears every mark; only while no thread marks (the commit's rule). */
    public void clear() {
        for (int c = 0; c < chunks.length(); c++) {
            Chunk chunk = chunks.getAcquire(c);
            if (chunk == null) {
                continue;
            }
            for (int s = 0; s < chunk.summary.length; s++) {
                for (long bits = chunk.summary[s]; bits != 0; bits &= bits - 1) {
                    chunk.words[(s << 6) + Long.numberOfTrailingZeros(bits)] = 0;
                }
                chunk.summary[s] = 0;
            }
        }
    }
}
