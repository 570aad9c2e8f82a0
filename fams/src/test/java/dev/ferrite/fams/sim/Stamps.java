package dev.ferrite.fams.sim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
