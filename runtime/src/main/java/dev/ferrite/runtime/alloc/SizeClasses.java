package dev.ferrite.runtime.alloc;

import dev.ferrite.runtime.memory.HeapLayout;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The block sizes of small allocations. A slab is one page of blocks of one class, so a block
 * never straddles a page and writing a small record dirties one data page. Sizes are multiples
 * of 8 and grow by about a quarter, which bounds the waste per block.
 *
 * <p>A slab's descriptor stores the index of its class, so the indices keep their sizes for good:
 * classes added later are appended, whatever their size, and a request takes the smallest class
 * that holds it. The first {@value #FORMAT_1_CLASSES} are those the previous release knows; the
 * later ones (112, 224 and 448 bytes, which fill a page to its last 64 bytes where the classes
 * around them leave up to a quarter of each block unused) it would call damage, so a heap of that
 * release that gets one has its header written in the current format first (see {@link
 * Allocator}), which that release refuses as newer.
 */
final class SizeClasses {
    private static final int[] SIZES = {
        16, 24, 32, 48, 64, 80, 96, 128, 160, 192, 256, 320, 384, 512, 640, 768, 1024, 1360, 2048,
        112, 224, 448
    };
    /** The classes of heap format 1, the previous release's. */
    static final int FORMAT_1_CLASSES = 19;
    /** The class indices by ascending block size. */
    private static final int[] BY_SIZE = IntStream.range(0, SIZES.length).boxed()
            .sorted(Comparator.comparingInt(c -> SIZES[c])).mapToInt(Integer::intValue).toArray();
    /** The largest block a slab holds; larger requests get whole pages. */
    static final int MAX_SMALL = SIZES[BY_SIZE[BY_SIZE.length - 1]];
    /** The most blocks a slab can hold: one bit each in a descriptor's bitmap. */
    static final int MAX_BLOCKS = HeapLayout.PAGE_SIZE / SIZES[BY_SIZE[0]];

    private SizeClasses() {}

    static int count() {
        return SIZES.length;
    }

    /** The smallest class that holds {@code bytes}; {@code bytes} is at most {@link #MAX_SMALL}. */
    static int classOf(long bytes) {
        for (int c : BY_SIZE) {
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

    /** Whether the previous release, which reads heap format 1, lacks {@code sizeClass}. */
    static boolean newerThanFormat1(int sizeClass) {
        return sizeClass >= FORMAT_1_CLASSES;
    }
}
