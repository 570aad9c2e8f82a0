package dev.ferrite.fams.sim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Page contents that name themselves: every 8 bytes of page {@code p} written by commit {@code c}
 * hold {@code c << 32 | p}, so a recovered file that mixes two commits shows which page came from
 * where.
 */
public final class Stamps {
    public static final int PAGE = 4096;

    private Stamps() {}

    public static void stamp(byte[] memory, long commit, long page) {
        ByteBuffer b = ByteBuffer.wrap(memory).order(ByteOrder.LITTLE_ENDIAN);
        long value = commit << 32 | page;
        int end = (int) Math.min(memory.length, (page + 1) * PAGE);
        for (int i = (int) (page * PAGE); i + 8 <= end; i += 8) {
            b.putLong(i, value);
        }
    }

    /**
     * Stamps page {@code page} like {@link #stamp}, then ends each half of it with the CRC32C of
     * that half's other bytes, as a heap's page 0 ends each of its two header copies. Every such
     * page has the same CRC32C: a check of page contents that is linear cannot tell them apart.
     */
    public static void stampSelfChecked(byte[] memory, long commit, long page) {
        stamp(memory, commit, page);
        ByteBuffer b = ByteBuffer.wrap(memory).order(ByteOrder.LITTLE_ENDIAN);
        for (int half = (int) (page * PAGE); half < (page + 1) * PAGE; half += PAGE / 2) {
            CRC32C crc = new CRC32C();
            crc.update(memory, half, PAGE / 2 - 4);
            b.putInt(half + PAGE / 2 - 4, (int) crc.getValue());
        }
    }

    /** Describes the first page where {@code actual} differs from {@code expected}, or null if equal. */
    public static String firstDifference(byte[] expected, byte[] actual) {
        if (expected.length != actual.length) {
            return "size " + actual.length + ", expected " + expected.length;
        }
        for (int p = 0; (long) p * PAGE < expected.length; p++) {
            int from = p * PAGE;
            int to = Math.min(expected.length, from + PAGE);
            if (!java.util.Arrays.equals(expected, from, to, actual, from, to)) {
                return "page " + p + " holds " + describe(actual, from) + ", expected " + describe(expected, from);
            }
        }
        return null;
    }

    private static String describe(byte[] b, int at) {
        long v = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
        return v == 0 ? "zeros" : "stamp of commit " + (v >>> 32) + " page " + (v & 0xffffffffL);
    }
}
