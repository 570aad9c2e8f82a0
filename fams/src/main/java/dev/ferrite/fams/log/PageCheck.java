package dev.ferrite.fams.log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The 64-bit check a log keeps of the bytes a commit writes to a page, by which recovery tells
 * whether the data file already holds them; the high 32 bits are the page's fingerprint in the
 * armed header.
 *
 * <p>Format 4 uses XXH64 seeded with the log's file id. Formats up to 3 used CRC32C (high half)
 * and CRC32 (low half), which are linear: every page made of parts that each end with their own
 * CRC32C (a heap's page 0 holds two header copies laid out so) has the same CRC32C, so the
 * fingerprint of its next version equals that of the version on disk, and recovery took a page it
 * had not rewritten for a rewritten one. Those checks are kept to recover logs of those formats.
 */
public final class PageCheck {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    /** The seed of XXH64, or null for the CRC checks of formats up to 3. */
    private final Long seed;

    private PageCheck(Long seed) {
        this.seed = seed;
    }

    /** The check of log format {@code format} for the log of {@code identity}. */
    public static PageCheck forFormat(int format, LogIdentity identity) {
        return format >= 4 ? new PageCheck(identity.fileIdHigh() ^ Long.rotateLeft(identity.fileIdLow(), 32))
                : new PageCheck(null);
    }

    /** The check of all remaining bytes of {@code page}. */
    public long check(ByteBuffer page) {
        if (seed == null) {
            CRC32C crc32c = new CRC32C();
            crc32c.update(page.duplicate());
            CRC32 crc32 = new CRC32();
            crc32.update(page.duplicate());
            return crc32c.getValue() << 32 | crc32.getValue();
        }
        return xxh64(page, seed);
    }

    /** The fingerprint of all remaining bytes of {@code page}: the high half of its check. */
    public int fingerprint(ByteBuffer page) {
        return (int) (check(page) >>> 32);
    }

    /** XXH64 of the remaining bytes of {@code bytes}, as specified by its author (xxhash.com). */
    static long xxh64(ByteBuffer bytes, long seed) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int at = b.position();
        int end = b.limit();
        long h;
        if (end - at >= 32) {
            long v1 = seed + P1 + P2;
            long v2 = seed + P2;
            long v3 = seed;
            long v4 = seed - P1;
            for (; at <= end - 32; at += 32) {
                v1 = round(v1, b.getLong(at));
                v2 = round(v2, b.getLong(at + 8));
                v3 = round(v3, b.getLong(at + 16));
                v4 = round(v4, b.getLong(at + 24));
            }
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = seed + P5;
        }
        h += end - b.position();
        for (; at <= end - 8; at += 8) {
            h ^= round(0, b.getLong(at));
            h = Long.rotateLeft(h, 27) * P1 + P4;
        }
        if (at <= end - 4) {
            h ^= (b.getInt(at) & 0xFFFFFFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            at += 4;
        }
        for (; at < end; at++) {
            h ^= (b.get(at) & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        return h ^ h >>> 32;
    }

    private static long round(long acc, long lane) {
        return Long.rotateLeft(acc + lane * P2, 31) * P1;
    }

    private static long merge(long h, long v) {
        return (h ^ round(0, v)) * P1 + P4;
    }
}
