package dev.ferrite.fams.log;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsUnsupportedFormatException;
import dev.ferrite.fams.storage.FileId;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header sector of a log. It fits one 512-byte sector so that rewriting it (to arm or retire
 * a log) is atomic on disks that write sectors atomically; its CRC32C catches the rest.
 *
 * <pre>
 *   0 long magic "FAMSLOG1"     40 long commit number
 *   8 int  format version       48 long data size before the commit (IDLE: committed size)
 *  12 int  state                56 long data size after the commit
 *  16 int  kind (1 = undo)      64 long record count
 *  20 int  page size            72 long trailer offset
 *  24 long file id (high)       80 short data file name length, then UTF-8 name (max 100 bytes)
 *  32 long file id (low)      184 int  fingerprint count, then up to 18 fingerprints of 16 bytes:
 *                                      long page, int length, int fingerprint of the new bytes
 *                                      ({@link PageCheck}: XXH64 from format 4, CRC32C before;
 *                                      up to 19 in format 2, which has no data file identity)
 *                             476 long the data file's inode number (from format 3)
 *                             484 long the data file's birth time in nanoseconds, or 0 (from format 3)
 *                             492 int  the data file's inode generation, or 0 (from format 3)
 *                             496 long offset of the first record (ARMED)
 *                             508 int  CRC32C of bytes 0..507
 * </pre>
 *
 * @param commitNumber IDLE: the last commit; ARMED: the commit whose undo images the log holds
 * @param dataSize IDLE: the committed size of the data file; ARMED: its size before the commit
 * @param newDataSize ARMED: the size the commit gives the data file; IDLE: the size up to which the
 *     data file may have been extended with zeros since that commit (from format 3; equal to dataSize
 *     in format 2). A data file of any other size is not the file this log describes.
 * @param recordsStart ARMED: where the records begin, a page boundary at or after
 *     {@link LogFormat#RECORDS_START}; IDLE: {@link LogFormat#RECORDS_START}
 * @param fingerprints ARMED: the new contents of the first logged pages, in log order
 * @param format the format version the header was written in: {@value #FORMAT_VERSION} for headers
 *     this build writes, 3, 2 or 1 for those read from files of earlier releases
 */
public record LogHeader(int format, LogState state, LogIdentity identity, long commitNumber, long dataSize, long newDataSize,
                        long recordCount, long recordsStart, long trailerOffset, List<PageFingerprint> fingerprints) {
    static final long MAGIC = 0x31474f4c534d4146L; // "FAMSLOG1"
    /**
     * Format 3 added the data file's identity and the extension bound of idle headers; format 4
     * replaced the linear checks of new page contents by XXH64 (see {@link PageCheck}).
     */
    public static final int FORMAT_VERSION = 4;
    /**
     * Larger commit numbers are refused as damage: a billion commits a second would need 146
     * years to reach it, and staying far below {@code Long.MAX_VALUE} keeps {@code k + 1} safe.
     */
    static final long MAX_COMMIT_NUMBER = 1L << 62;
    static final int KIND_UNDO = 1;
    /** Bytes of the data file's name kept in the header; see {@link LogIdentity#nameTail}. */
    static final int NAME_MAX = 100;
    /** Fingerprints an armed header can hold. */
    public static final int FINGERPRINTS = 18;
    private static final int FINGERPRINTS_V2 = 19;
    private static final int DATA_FILE_OFFSET = 476;
    private static final int FINGERPRINT_OFFSET = 184;
    private static final int RECORDS_START_OFFSET = 496;

    /** A header of the format this build writes. */
    public LogHeader(LogState state, LogIdentity identity, long commitNumber, long dataSize, long newDataSize,
                     long recordCount, long recordsStart, long trailerOffset, List<PageFingerprint> fingerprints) {
        this(FORMAT_VERSION, state, identity, commitNumber, dataSize, newDataSize, recordCount, recordsStart,
                trailerOffset, fingerprints);
    }

    public LogHeader {
        fingerprints = List.copyOf(fingerprints);
        if (fingerprints.size() > FINGERPRINTS) {
            throw new IllegalArgumentException("at most " + FINGERPRINTS + " fingerprints, got " + fingerprints.size());
        }
    }

    public static LogHeader idle(LogIdentity identity, long commitNumber, long dataSize) {
        return idle(identity, commitNumber, dataSize, dataSize);
    }

    /**
     * An idle header at commit {@code commitNumber} of a {@code dataSize}-byte file that may be
     * extended with zeros up to {@code extendedTo} bytes before the next commit.
     */
    public static LogHeader idle(LogIdentity identity, long commitNumber, long dataSize, long extendedTo) {
        if (extendedTo < dataSize) {
            throw new IllegalArgumentException("extension to " + extendedTo + " below the size " + dataSize);
        }
        return new LogHeader(LogState.IDLE, identity, commitNumber, dataSize, extendedTo, 0, LogFormat.RECORDS_START,
                0, List.of());
    }

    /** This header with {@code id} as its identity. */
    public LogHeader withIdentity(LogIdentity id) {
        return new LogHeader(format, state, id, commitNumber, dataSize, newDataSize, recordCount, recordsStart,
                trailerOffset, fingerprints);
    }

    /** The check of new page contents that the records and fingerprints of this header's format carry. */
    public PageCheck pageCheck() {
        return PageCheck.forFormat(format, identity);
    }

    /** IDLE: the largest size the data file may have, {@link #dataSize()} and zeros after it. */
    public long extendedTo() {
        return newDataSize;
    }

    public ByteBuffer encode() {
        byte[] name = identity.dataFileName().getBytes(StandardCharsets.UTF_8);
        if (name.length > NAME_MAX) {
            throw new IllegalStateException("identity name longer than " + NAME_MAX + " bytes: " + identity);
        }
        ByteBuffer b = ByteBuffer.allocate(LogFormat.SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        if (format != FORMAT_VERSION) {
            throw new IllegalStateException("this build writes log format " + FORMAT_VERSION + " only, not " + format);
        }
        b.putLong(MAGIC).putInt(FORMAT_VERSION).putInt(state.code).putInt(KIND_UNDO).putInt(LogFormat.PAGE_SIZE)
                .putLong(identity.fileIdHigh()).putLong(identity.fileIdLow())
                .putLong(commitNumber).putLong(dataSize).putLong(newDataSize).putLong(recordCount).putLong(trailerOffset)
                .putShort((short) name.length).put(name);
        b.position(FINGERPRINT_OFFSET).putInt(fingerprints.size());
        for (PageFingerprint f : fingerprints) {
            b.putLong(f.page()).putInt(f.length()).putInt(f.fingerprint());
        }
        b.putLong(DATA_FILE_OFFSET, identity.dataFile().inode()).putLong(DATA_FILE_OFFSET + 8,
                identity.dataFile().birthNanos()).putInt(DATA_FILE_OFFSET + 16, identity.dataFile().generation());
        b.putLong(RECORDS_START_OFFSET, recordsStart);
        b.putInt(LogFormat.HEADER_CRC, LogFormat.headerChecksum(b));
        return b.clear();
    }

    /**
     * Decodes a header sector.
     *
     * @param where names the log file in error messages
     * @throws FamsCorruptException if the sector is not a valid header
     * @throws FamsUnsupportedFormatException if it is a valid header of a format this build cannot read
     */
    public static LogHeader decode(ByteBuffer sector, String where) {
        ByteBuffer b = LogFormat.checkedHeaderSector(sector, where, MAGIC, "FAMS log");
        int version = b.getInt(8);
        LogState state = LogState.of(b.getInt(12));
        boolean idleOfFormat1 = version == 1 && state == LogState.IDLE;
        if ((version < 2 || version > FORMAT_VERSION) && !idleOfFormat1) {
            throw new FamsUnsupportedFormatException(where + ": log format " + version + " is not supported (this build reads "
                    + "formats 2 to " + FORMAT_VERSION + (version == 1 ? ", and format 1 only when no commit is in"
                            + " flight: open the file once with the Ferrite that wrote it to recover that commit)"
                            : version > FORMAT_VERSION ? "; the file was written by a newer Ferrite)" : ")"));
        }
        int kind = b.getInt(16);
        int pageSize = b.getInt(20);
        int nameLength = Short.toUnsignedInt(b.getShort(80));
        int count = b.getInt(FINGERPRINT_OFFSET);
        if (state == null || kind != KIND_UNDO || pageSize != LogFormat.PAGE_SIZE || nameLength > NAME_MAX
                || count < 0 || count > (version >= 3 ? FINGERPRINTS : FINGERPRINTS_V2)) {
            throw new FamsCorruptException(where + ": unsupported header fields (state " + b.getInt(12) + ", kind "
                    + kind + ", page size " + pageSize + ", name length " + nameLength + ", fingerprints " + count + ")");
        }
        List<PageFingerprint> fingerprints = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int at = FINGERPRINT_OFFSET + 4 + i * 16;
            long page = b.getLong(at);
            int length = b.getInt(at + 8);
            if (page < 0 || page > Long.MAX_VALUE / LogFormat.PAGE_SIZE || length <= 0
                    || length > LogFormat.PAGE_SIZE) {
                throw new FamsCorruptException(where + ": fingerprint " + i + " names page " + page + " of "
                        + length + " bytes; the log header is damaged");
            }
            fingerprints.add(new PageFingerprint(page, length, b.getInt(at + 12)));
        }
        byte[] name = new byte[nameLength];
        b.get(82, name);
        FileId dataFile = version >= 3
                ? new FileId(b.getLong(DATA_FILE_OFFSET), b.getLong(DATA_FILE_OFFSET + 8), b.getInt(DATA_FILE_OFFSET + 16))
                : FileId.UNKNOWN;
        LogIdentity id = new LogIdentity(b.getLong(24), b.getLong(32), new String(name, StandardCharsets.UTF_8),
                dataFile);
        // Format 1 had no record offset; an idle header is all of it this build reads, and the next
        // header written is format 2.
        long recordsStart = idleOfFormat1 ? LogFormat.RECORDS_START : b.getLong(RECORDS_START_OFFSET);
        LogHeader h = new LogHeader(version, state, id, b.getLong(40), b.getLong(48), b.getLong(56), b.getLong(64),
                recordsStart, b.getLong(72), fingerprints);
        if (h.commitNumber < 0 || h.commitNumber > MAX_COMMIT_NUMBER || h.dataSize < 0 || h.newDataSize < 0
                || h.recordCount < 0 || (state == LogState.IDLE && h.newDataSize < h.dataSize)
                || h.recordsStart < LogFormat.RECORDS_START || h.recordsStart % LogFormat.PAGE_SIZE != 0
                || (state == LogState.ARMED && h.trailerOffset < h.recordsStart)) {
            throw new FamsCorruptException(where + ": impossible header values " + h);
        }
        return h;
    }
}
