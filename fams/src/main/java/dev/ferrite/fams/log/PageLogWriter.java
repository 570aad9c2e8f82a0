package dev.ferrite.fams.log;

import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Appends page records to a log file through a buffer, then the trailer and the header that
 * describes them. It only writes: syncing is the protocol's business, so that an undo protocol
 * (sync the log before touching the data) and a redo protocol (the log is the commit) can share it.
 */
public final class PageLogWriter {
    /** Size of the write buffer a caller should pass in: records are written in chunks of this size. */
    public static final int BUFFER = 1 << 20;

    private final StorageFile file;
    private final LogIdentity identity;
    private final PageCheck check;
    private final long commitNumber;
    private final ByteBuffer buffer;
    private final long recordsStart;
    private long flushedTo;
    private long recordCount;
    private final List<PageFingerprint> fingerprints = new ArrayList<>();

    /**
     * @param recordsStart where the first record goes: a page boundary at or after {@link
     *     LogFormat#RECORDS_START}
     * @param buffer reused across commits (a fresh direct buffer per commit costs more than a
     *     small commit's I/O); at least {@link LogFormat#RECORD_HEADER} + one page
     */
    public PageLogWriter(StorageFile file, LogIdentity identity, long commitNumber, long recordsStart,
                         ByteBuffer buffer) {
        if (recordsStart < LogFormat.RECORDS_START || recordsStart % LogFormat.PAGE_SIZE != 0) {
            throw new IllegalArgumentException("records cannot start at " + recordsStart);
        }
        this.buffer = buffer.clear().order(ByteOrder.LITTLE_ENDIAN);
        this.file = file;
        this.identity = identity;
        this.check = PageCheck.forFormat(LogHeader.FORMAT_VERSION, identity);
        this.commitNumber = commitNumber;
        this.recordsStart = recordsStart;
        this.flushedTo = recordsStart;
    }

    /** Bytes of log that {@code pages} records with images and the trailer take at most. */
    public static long bytesFor(long pages) {
        return pages * (LogFormat.RECORD_HEADER + LogFormat.PAGE_SIZE) + LogFormat.TRAILER;
    }

    /**
     * Appends the image of page {@code pageIndex}: all remaining bytes of {@code image}.
     *
     * @param replacement the bytes the commit will write over that page, for the check of its new bytes
     */
    public void addImage(long pageIndex, ByteBuffer image, ByteBuffer replacement) throws IOException {
        addRecord(LogFormat.KIND_IMAGE, pageIndex, image.remaining(), image, replacement);
    }

    /** Appends an all-zero page of {@code length} bytes, stored without its image. */
    public void addZero(long pageIndex, int length, ByteBuffer replacement) throws IOException {
        addRecord(LogFormat.KIND_ZERO, pageIndex, length, null, replacement);
    }

    /**
     * Writes the trailer and then the header sector in state {@link LogState#ARMED}.
     *
     * @return the header written
     */
    public LogHeader finish(long dataSizeBefore, long dataSizeAfter) throws IOException {
        ensureRoom(LogFormat.TRAILER);
        long trailerOffset = flushedTo + buffer.position();
        int start = buffer.position();
        buffer.putInt(LogFormat.TRAILER_MAGIC).putInt(0).putLong(commitNumber).putLong(recordCount)
                .putLong(identity.fileIdHigh()).putLong(identity.fileIdLow());
        while (buffer.position() < start + LogFormat.TRAILER - 4) {
            buffer.put((byte) 0);
        }
        buffer.putInt(LogFormat.crc(identity, buffer.duplicate().limit(buffer.position()).position(start)));
        flush();
        LogHeader header = new LogHeader(LogState.ARMED, identity, commitNumber, dataSizeBefore, dataSizeAfter,
                recordCount, recordsStart, trailerOffset, fingerprints);
        file.write(0, header.encode());
        return header;
    }

    private void addRecord(int kind, long pageIndex, int length, ByteBuffer image, ByteBuffer replacement)
            throws IOException {
        long newCheck = check.check(replacement);
        if (fingerprints.size() < LogHeader.FINGERPRINTS) {
            // The fingerprint is the high half of the record's check.
            fingerprints.add(new PageFingerprint(pageIndex, replacement.remaining(), (int) (newCheck >>> 32)));
        }
        int imageBytes = image == null ? 0 : image.remaining();
        ensureRoom(LogFormat.RECORD_HEADER + imageBytes);
        int start = buffer.position();
        buffer.putInt(LogFormat.RECORD_MAGIC).putInt(kind).putLong(commitNumber).putLong(pageIndex).putInt(length)
                .putLong(newCheck);
        int crcAt = buffer.position();
        buffer.putInt(0);
        if (image != null) {
            buffer.put(image.duplicate());
        }
        buffer.putInt(crcAt, LogFormat.recordCrc(identity, buffer.duplicate().limit(buffer.position()).position(start)));
        recordCount++;
    }

    private void ensureRoom(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        buffer.flip();
        int n = buffer.remaining();
        file.write(flushedTo, buffer);
        flushedTo += n;
        buffer.clear();
    }
}
