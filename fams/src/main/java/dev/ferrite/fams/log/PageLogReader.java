package dev.ferrite.fams.log;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Reads and validates logs written by {@link PageLogWriter}. */
public final class PageLogReader {
    private PageLogReader() {}

    /**
     * Reads the header sector.
     *
     * @param where names the log in error messages
     * @throws FamsCorruptException if the file is too short or the header is not valid
     */
    public static LogHeader readHeader(StorageFile file, String where) throws IOException {
        ByteBuffer sector = ByteBuffer.allocateDirect(LogFormat.SECTOR);
        int n = file.read(0, sector);
        if (n < LogFormat.SECTOR) {
            throw new FamsCorruptException(where + ": file is " + n + " bytes, shorter than its "
                    + LogFormat.SECTOR + "-byte header (truncated)");
        }
        return LogHeader.decode(sector, where);
    }

    /**
     * Validates every record and the trailer announced by an armed {@code header}. Never throws for
     * bad content: an incomplete log is a normal outcome of a crash before the log was synced.
     */
    public static LogScan scan(StorageFile file, LogHeader header) throws IOException {
        LogIdentity id = header.identity();
        long fileSize = file.size();
        List<PageRecord> records = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.allocateDirect(LogFormat.RECORD_HEADER + LogFormat.PAGE_SIZE)
                .order(ByteOrder.LITTLE_ENDIAN);
        long at = header.recordsStart();
        for (long i = 0; i < header.recordCount(); i++) {
            String where = "record " + i + " of " + header.recordCount() + " at offset " + at;
            if (at + LogFormat.RECORD_HEADER > header.trailerOffset()) {
                return new LogScan(records, where + " would overlap the trailer at " + header.trailerOffset());
            }
            buf.clear();
            int n = file.read(at, buf);
            if (n < LogFormat.RECORD_HEADER) {
                return new LogScan(records, where + ": log ends at " + fileSize);
            }
            int magic = buf.getInt(0);
            int kind = buf.getInt(4);
            long commit = buf.getLong(8);
            long page = buf.getLong(16);
            int length = buf.getInt(24);
            int imageBytes = kind == LogFormat.KIND_IMAGE ? length : 0;
            if (magic != LogFormat.RECORD_MAGIC || (kind != LogFormat.KIND_IMAGE && kind != LogFormat.KIND_ZERO)
                    || length <= 0 || length > LogFormat.PAGE_SIZE) {
                return new LogScan(records, where + ": no record there (magic 0x" + Integer.toHexString(magic)
                        + ", kind " + kind + ", length " + length + ")");
            }
            if (n < LogFormat.RECORD_HEADER + imageBytes) {
                return new LogScan(records, where + ": page image cut off by the end of the log at " + fileSize);
            }
            int stored = buf.getInt(LogFormat.RECORD_CRC);
            int computed = LogFormat.recordCrc(id, buf.duplicate().position(0).limit(LogFormat.RECORD_HEADER + imageBytes));
            if (stored != computed) {
                return new LogScan(records, where + ": checksum mismatch (stored 0x" + Integer.toHexString(stored)
                        + ", computed 0x" + Integer.toHexString(computed) + ")");
            }
            if (commit != header.commitNumber()) {
                return new LogScan(records, where + ": belongs to commit " + commit + ", not "
                        + header.commitNumber() + " (left over from an earlier commit)");
            }
            if (page < 0 || page > (header.dataSize() - length) / LogFormat.PAGE_SIZE
                    || page * LogFormat.PAGE_SIZE + length > header.dataSize()) {
                return new LogScan(records, where + ": page " + page + " of " + length
                        + " bytes lies outside the " + header.dataSize() + "-byte file it restores");
            }
            records.add(new PageRecord(page, length, kind == LogFormat.KIND_ZERO, at + LogFormat.RECORD_HEADER,
                    buf.getLong(LogFormat.RECORD_NEW_CHECK)));
            at += LogFormat.RECORD_HEADER + imageBytes;
        }
        if (at != header.trailerOffset()) {
            return new LogScan(records, "records end at offset " + at + " but the header puts the trailer at "
                    + header.trailerOffset());
        }
        buf.clear().limit(LogFormat.TRAILER);
        int n = file.read(at, buf);
        if (n < LogFormat.TRAILER) {
            return new LogScan(records, "trailer at offset " + at + " cut off by the end of the log at " + fileSize);
        }
        int stored = buf.getInt(LogFormat.TRAILER - 4);
        int computed = LogFormat.crc(id, buf.duplicate().position(0).limit(LogFormat.TRAILER - 4));
        if (buf.getInt(0) != LogFormat.TRAILER_MAGIC || stored != computed || buf.getLong(8) != header.commitNumber()
                || buf.getLong(16) != header.recordCount() || buf.getLong(24) != id.fileIdHigh()
                || buf.getLong(32) != id.fileIdLow()) {
            return new LogScan(records, "trailer at offset " + at + " is missing or damaged");
        }
        return new LogScan(records, null);
    }

    /** Reads the image of {@code record} into {@code dst} (filled with zeros for a zero record). */
    public static void readImage(StorageFile file, PageRecord record, ByteBuffer dst) throws IOException {
        dst.clear().limit(record.length());
        if (record.zero()) {
            while (dst.hasRemaining()) {
                dst.put((byte) 0);
            }
        } else if (file.read(record.imageOffset(), dst) != record.length()) {
            throw new IOException("log shrank while being applied: image at " + record.imageOffset());
        }
        dst.flip();
    }
}
