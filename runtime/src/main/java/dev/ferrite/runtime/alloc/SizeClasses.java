package dev.ferrite.runtime.alloc;

import dev.ferrite.runtime.memory.HeapLayout;

/**
 * The block sizes of small allocations. A slab is one page of blocks of one class, so a block
 * never straddles a page and writing a small record dirties one data page. Sizes are multiples
 * of 8 and grow by about a quarter, which bounds the waste per block.
 */
final class SizeClasses {
    private static final int[] SIZES = {
        16, 24, 32, 48, 64, 80, 96, 128, 160, 192, 256, 320, 384, 512, 640, 768, 1024, 1360, 2048
    };
    /** The largest block a slab holds; larger requests get whole pages. */
    static final int MAX_SMALL = SIZES[SIZES.length - 1];
    /** The most blocks a slab can hold: one bit each in a descriptor's bitmap. */
    static final int MAX_BLOCKS = HeapLayout.PAGE_SIZE / SIZES[0];

    private SizeClasses() {}

    static int count() {
        return SIZES.length;
    }

    /** The smallest class that holds {@code bytes}; {@code bytes} is at most {@link #MAX_SMALL}. */
    static int classOf(long bytes) {
        for (int c = 0; c < SIZES.length; c++) {
            if (SIZES[c] >= bytes) {
                return c;
            }
        }
        throw new IllegalArgumentException(bytes + " bytes is not a small allocation");
    }

    static int blockSize(int sizeClass) {
        return SIZES[sizeClass];
    }

    static int blocksPerSlab(int sizeClass) {
        return HeapLayout.PAGE_SIZE / SIZES[sizeClass];
    }
}
