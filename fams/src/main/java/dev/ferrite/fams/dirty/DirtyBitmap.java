package dev.ferrite.fams.dirty;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One bit per page of the mapping, set by {@code markDirty}. Marking is lock-free and safe from
 * many threads; a page already marked costs one plain read.
 */
public final class DirtyBitmap {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] words;
    private final long pages;

    public DirtyBitmap(long pages) {
        if (pages > (long) Integer.MAX_VALUE * 64) {
            throw new IllegalArgumentException("too many pages: " + pages);
        }
        this.pages = pages;
        this.words = new long[(int) ((pages + 63) >>> 6)];
    }

    /** Marks pages {@code first} to {@code last}, inclusive. */
    public void mark(long first, long last) {
        for (long p = first; p <= last; p++) {
            int w = (int) (p >>> 6);
            long bit = 1L << (p & 63);
            if (((long) WORDS.getOpaque(words, w) & bit) == 0) {
                WORDS.getAndBitwiseOr(words, w, bit);
            }
        }
    }

    public boolean isMarked(long page) {
        return ((long) WORDS.getVolatile(words, (int) (page >>> 6)) & (1L << (page & 63))) != 0;
    }

    /** The marked pages, ascending. */
    public long[] marked() {
        int count = 0;
        for (long w : words) {
            count += Long.bitCount(w);
        }
        long[] out = new long[count];
        int n = 0;
        for (int i = 0; i < words.length; i++) {
            long w = words[i];
            while (w != 0) {
                out[n++] = ((long) i << 6) + Long.numberOfTrailingZeros(w);
                w &= w - 1;
            }
        }
        return out;
    }

    public void clear() {
        java.util.Arrays.fill(words, 0);
    }

    public long pages() {
        return pages;
    }
}
