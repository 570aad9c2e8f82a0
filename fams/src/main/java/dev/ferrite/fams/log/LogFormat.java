package dev.ferrite.fams.log;

import dev.ferrite.fams.FamsCorruptException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Byte layout of a page log, in one place. All integers little-endian.
 *
 * <pre>
 * offset 0     header sector (512 bytes, see {@link LogHeader}); rewritten alone to retire a log
 * offset 4096  (or a later page boundary the header names) records, back to back:
 *                0 int   magic "FPAG"
 *                4 int   kind: 1 = page image follows, 2 = all-zero page (no image)
 *                8 long  commit number of the log
 *               16 long  page index
 *               24 int   length of the page in bytes (shorter only for the last page of a file)
 *               28 long  {@link PageCheck check} of the page's new bytes
 *               36 int   CRC32C of file id, bytes 0..35 and the image
 *               40       image ({@code length} bytes, kind 1 only)
 * then         trailer (64 bytes): magic "FEND", commit number, record count, file id, CRC32C
 * </pre>
 *
 * Every record and the trailer carry the commit number and are checksummed together with the
 * file id, so records left over from an earlier use of the (reused) log file, or a log copied
 * from another file, never validate.
 *
 * <p>The check of the new bytes lets recovery tell a commit whose pages all reached the data
 * file from one that was interrupted, without a third sync to say so. It is 64 bits wide because
 * a torn page (some sectors new, some old) that happened to match would be taken for the new page:
 * that is as unlikely as a random 64-bit collision.
 */
public final class LogFormat {
    public static final int PAGE_SIZE = 4096;
    public static final int SECTOR = 512;
    /** Where a header sector keeps the CRC32C of the bytes before it. */
    static final int HEADER_CRC = SECTOR - 4;
    public static final long RECORDS_START = 4096;
    public static final int RECORD_HEADER = 40;
    public static final int TRAILER = 64;

    static final int RECORD_MAGIC = 0x47415046; // "FPAG"
    static final int TRAILER_MAGIC = 0x444e4546; // "FEND"
    static final int RECORD_NEW_CHECK = 28;
    static final int RECORD_CRC = 36;
    static final int KIND_IMAGE = 1;
    static final int KIND_ZERO = 2;

    private LogFormat() {}

    /**
     * Checks a header sector (of the undo or the redo log): its length, its {@code magic} at
     * offset 0 and the CRC32C of bytes 0..507 stored at 508.
     *
     * @param kind names the log kind in error messages, e.g. "FAMS log"
     * @return the sector, little-endian, positioned at 0
     * @throws FamsCorruptException saying what is wrong and where
     */
    static ByteBuffer checkedHeaderSector(ByteBuffer sector, String where, long magic, String kind) {
        ByteBuffer b = sector.duplicate().order(ByteOrder.LITTLE_ENDIAN).clear();
        if (b.capacity() < SECTOR) {
            throw new FamsCorruptException(where + ": header is " + b.capacity() + " bytes, expected " + SECTOR
                    + " (file truncated)");
        }
        long found = b.getLong(0);
        if (found != magic) {
            throw new FamsCorruptException(where + ": not a " + kind + " (magic 0x" + Long.toHexString(found)
                    + " at offset 0, expected 0x" + Long.toHexString(magic) + ")");
        }
        int stored = b.getInt(HEADER_CRC);
        int computed = headerChecksum(b);
        if (stored != computed) {
            throw new FamsCorruptException(where + ": header checksum mismatch (stored 0x" + Integer.toHexString(stored)
                    + ", computed 0x" + Integer.toHexString(computed) + "); the " + kind + " header is damaged");
        }
        return b;
    }

    /** The CRC32C of a header sector's bytes before its checksum field. */
    static int headerChecksum(ByteBuffer sector) {
        CRC32C crc = new CRC32C();
        crc.update(sector.duplicate().clear().limit(HEADER_CRC));
        return (int) crc.getValue();
    }

    /** CRC32C of the file id and all remaining bytes of {@code bytes}. */
    static int crc(LogIdentity id, ByteBuffer bytes) {
        CRC32C crc = seeded(id);
        crc.update(bytes.duplicate());
        return (int) crc.getValue();
    }

    /** CRC32C of a record (from position to limit of {@code record}), skipping its own CRC field. */
    static int recordCrc(LogIdentity id, ByteBuffer record) {
        CRC32C crc = seeded(id);
        int base = record.position();
        crc.update(record.duplicate().limit(base + RECORD_CRC));
        crc.update(record.duplicate().position(base + RECORD_CRC + 4));
        return (int) crc.getValue();
    }

    private static CRC32C seeded(LogIdentity id) {
        CRC32C crc = new CRC32C();
        ByteBuffer ids = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        ids.putLong(id.fileIdHigh()).putLong(id.fileIdLow()).flip();
        crc.update(ids);
        return crc;
    }
}
