package dev.ferrite.runtime.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.memory.HeapLayout;
import org.junit.jupiter.api.Test;

class SizeClassesTest {
    /** The block sizes of heap format 1's class indices, as slab descriptors in its files store them. */
    private static final int[] FORMAT_1 = {
        16, 24, 32, 48, 64, 80, 96, 128, 160, 192, 256, 320, 384, 512, 640, 768, 1024, 1360, 2048
    };

    @Test
    void theClassIndicesOfStoredSlabsKeepTheirSizes() {
        assertEquals(FORMAT_1.length, SizeClasses.FORMAT_1_CLASSES);
        for (int c = 0; c < FORMAT_1.length; c++) {
            assertEquals(FORMAT_1[c], SizeClasses.blockSize(c), "class " + c);
        }
    }

    @Test
    void aRequestTakesTheSmallestClassThatHoldsIt() {
        // A string of 100 bytes (header and length 12 more) took a 128-byte block, 16 bytes lost.
        assertEquals(112, SizeClasses.blockSize(SizeClasses.classOf(112)));
        assertEquals(112, SizeClasses.blockSize(SizeClasses.classOf(97)));
        assertEquals(128, SizeClasses.blockSize(SizeClasses.classOf(113)));
        assertEquals(224, SizeClasses.blockSize(SizeClasses.classOf(200)));
        assertEquals(448, SizeClasses.blockSize(SizeClasses.classOf(400)));
        for (int bytes = 1; bytes <= SizeClasses.MAX_SMALL; bytes++) {
            int size = SizeClasses.blockSize(SizeClasses.classOf(bytes));
            for (int c = 0; c < SizeClasses.count(); c++) {
                int other = SizeClasses.blockSize(c);
                assertTrue(other < bytes || other >= size, bytes + " bytes: class of " + other + " is smaller than " + size);
            }
        }
    }

    @Test
    void everyClassFitsItsSlabAndItsBitmap() {
        assertEquals(2048, SizeClasses.MAX_SMALL);
        for (int c = 0; c < SizeClasses.count(); c++) {
            int blocks = SizeClasses.blocksPerSlab(c);
            assertTrue(blocks >= 2 && blocks <= SizeClasses.MAX_BLOCKS, "class " + c);
            assertTrue(blocks * SizeClasses.blockSize(c) <= HeapLayout.PAGE_SIZE, "class " + c);
            assertEquals(0, SizeClasses.blockSize(c) % 8, "class " + c + " keeps blocks 8-aligned");
        }
    }
}
