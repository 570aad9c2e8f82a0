package dev.ferrite.fams.log;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsUnsupportedFormatException;
import dev.ferrite.fams.storage.FileId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The header sector of a redo log ({@code F.fams-redo}). Written whole at every checkpoint, and
 * rewritten in place only to raise {@code extendedTo}; one 512-byte sector with its own CRC32C.
 *
 * <pre>
 *   0 long magic "FAMSREDO"        48 long base data size: the data file's size at that commit
 *   8 int  format version (2)      56 long extendedTo: the largest size the data file may have
 *  12 int  page size               64 long the data file's inode number
 *  16 long file id (high)          72 long the data file's birth time in nanoseconds, or 0
 *  24 long file id (low)           80 short data file name length, then UTF-8 name (max 100 bytes)
 *  32 long generation             184 int  the data file's inode generation, or 0
 *                                 508 int  CRC32C of bytes 0..507
 *  40 long base commit: the commit the data file holds, up to the frames that follow
 * </pre>
 *
 * @param generation random, chosen at every checkpoint: frames of an earlier generation never validate
 * @param baseCommit the commit the data file held when this generation began
 * @param baseSize the committed size of the data file at {@code baseCommit}
 * @param extendedTo the largest size the data file may have: an open extends it with zeros only
 *     after recording the new size here
 */
public record RedoHeader(LogIdentity identity, long generation, long baseCommit, long baseSize, long extendedTo) {
    static final long MAGIC = 0x4f444552534d4146L; // "FAMSREDO"
    /** Written by this release: frames may hold move records. Format 1 (no moves) is still read. */
    public static final int FORMAT_VERSION = 2;
    /** The oldest format this release recovers. */
    public static final int OLDEST_READABLE = 1;
    private static final int NAME_OFFSET = 80;
    private static final int INODE_GENERATION_OFFSET = 184;

    public RedoHeader {
        if (extendedTo < baseSize) {
            throw new IllegalArgumentException("extension to " + extendedTo + " below the size " + baseSize);
        }
    }

    /** This header with the data file allowed to be {@code size} bytes long. */
    public RedoHeader extendedTo(long size) {
        return new RedoHeader(identity, generation, baseCommit, baseSize, Math.max(extendedTo, size));
    }

    public ByteBuffer encode() {
        byte[] name = identity.dataFileName().getBytes(StandardCharsets.UTF_8);
        if (name.length > LogHeader.NAME_MAX) {
            throw new IllegalStateException("identity name longer than " + LogHeader.NAME_MAX + " bytes: " + identity);
        }
        ByteBuffer b = ByteBuffer.allocate(LogFormat.SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(MAGIC).putInt(FORMAT_VERSION).putInt(LogFormat.PAGE_SIZE)
                .putLong(identity.fileIdHigh()).putLong(identity.fileIdLow())
                .putLong(generation).putLong(baseCommit).putLong(baseSize).putLong(extendedTo)
                .putLong(identity.dataFile().inode()).putLong(identity.dataFile().birthNanos())
                .putShort((short) name.length).put(name);
        b.putInt(INODE_GENERATION_OFFSET, identity.dataFile().generation());
        b.putInt(LogFormat.HEADER_CRC, LogFormat.headerChecksum(b));
        return b.clear();
    }

    /** Whether {@code sector} starts with the magic of a redo log header. */
    public static boolean isRedoLog(ByteBuffer sector) {
        return sector.remaining() >= 8 && sector.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(sector.position())
                == MAGIC;
    }

    /**
     * Decodes a header sector.
     *
     * @param where names the log file in error messages
     * @throws FamsCorruptException if the sector is not a valid header
     */
    public static RedoHeader decode(ByteBuffer sector, String where) {
        ByteBuffer b = LogFormat.checkedHeaderSector(sector, where, MAGIC, "FAMS redo log");
        int version = b.getInt(8);
        if (version < OLDEST_READABLE || version > FORMAT_VERSION) {
            throw new FamsUnsupportedFormatException(where + ": redo log format " + version + " is not supported (this"
                    + " build reads formats " + OLDEST_READABLE + " to " + FORMAT_VERSION + (version > FORMAT_VERSION
                            ? "; the file was written by a newer Ferrite)" : ")"));
        }
        int pageSize = b.getInt(12);
        int nameLength = Short.toUnsignedInt(b.getShort(NAME_OFFSET));
        if (pageSize != LogFormat.PAGE_SIZE || nameLength > LogHeader.NAME_MAX) {
            throw new FamsCorruptException(where + ": unsupported header fields (page size " + pageSize
                    + ", name length " + nameLength + ")");
        }
        byte[] name = new byte[nameLength];
        b.get(NAME_OFFSET + 2, name);
        LogIdentity id = new LogIdentity(b.getLong(16), b.getLong(24), new String(name, StandardCharsets.UTF_8),
                new FileId(b.getLong(64), b.getLong(72), b.getInt(INODE_GENERATION_OFFSET)));
        long baseCommit = b.getLong(40);
        long baseSize = b.getLong(48);
        long extendedTo = b.getLong(56);
        if (baseCommit < 0 || baseCommit > LogHeader.MAX_COMMIT_NUMBER || baseSize < 0 || extendedTo < baseSize) {
            throw new FamsCorruptException(where + ": impossible header values (base commit " + baseCommit
                    + ", base size " + baseSize + ", extended to " + extendedTo + ")");
        }
        return new RedoHeader(id, b.getLong(32), baseCommit, baseSize, extendedTo);
    }
}
