package dev.ferrite.fams.dirty;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One bit per page of the mapping, set by {@code markDirty}, with a summary bit per 64-bit word
 * so that listing and clearing cost the number of marked words, not the size of the mapping (a
 * 64 GiB mapping has 256 Ki words). Marking is lock-free and safe from many threads; a page
 * already marked costs one plain read.
 */
public final class DirtyBitmap {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] words;
    private final long[] summary;

    public DirtyBitmap(long pages) {
        if (pages > (long) Integer.MAX_VALUE * 64) {
            throw new IllegalArgumentException("too many pages: " + pages);
        }
        this.words = new long[(int) ((pages + 63) >>> 6)];
        this.summary = new long[(words.length + 63) >>> 6];
    }

    /** Marks pages {@code first} to {@code last}, inclusive. */
    public void mark(long first, long last) {
        for (long p = first; p <= last; p++) {
            int w = (int) (p >>> 6);
            long bit = 1L << (p & 63);
            if (((long) LONGS.getOpaque(words, w) & bit) == 0) {
                long before = (long) LONGS.getAndBitwiseOr(words, w, bit);
                if (before == 0) {
                    LONGS.getAndBitwiseOr(summary, w >>> 6, 1L << (w & 63));
                }
            }
        }
    }

    public boolean isMarked(long page) {
        return ((long) LONGS.getVolatile(words, (int) (page >>> 6)) & (1L << (page & 63))) != 0;
    }

    /** The marked pages, ascending. */
    public long[] marked() {
        int count = 0;
        for (int s = 0; s < summary.length; s++) {
            for (long bits = summary[s]; bits != 0; bits &= bits - 1) {
                count += Long.bitCount(words[(s << 6) + Long.numberOfTrailingZeros(bits)]);
            }
        }
        long[] out = new long[count];
        int n = 0;
        for (int s = 0; s < summary.length; s++) {
            for (long bits = summary[s]; bits != 0; bits &= bits - 1) {
                int w = (s << 6) + Long.numberOfTrailingZeros(bits);
                for (long word = words[w]; word != 0; word &= word - 1) {
                    out[n++] = ((long) w << 6) + Long.numberOfTrailingZeros(word);
                }
            }
        }
        return out;
    }

    /** Clears every mark; only while no thread marks (the commit's rule). */
    public void clear() {
        for (int s = 0; s < summary.length; s++) {
            for (long bits = summary[s]; bits != 0; bits &= bits - 1) {
                words[(s << 6) + Long.numberOfTrailingZeros(bits)] = 0;
            }
            summary[s] = 0;
        }
    }
}
