package dev.ferrite.fams.log;

import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Appends redo frames ({@link RedoFrames}) to a log through a reused buffer. It only writes:
 * syncing is the protocol's business.
 */
public final class FrameWriter {
    /** Size of the write buffer: a large frame is written in chunks of this size. */
    public static final int BUFFER = 1 << 20;

    private final StorageFile log;
    private final LogIdentity identity;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private CRC32C crc;
    private long flushedTo;

    public FrameWriter(StorageFile log, LogIdentity identity) {
        this.log = log;
        this.identity = identity;
    }

    /**
     * Writes one frame at {@code position}.
     *
     * @return the frame's length
     */
    public long write(long position, long generation, long commit, long dataSize, long syncedThrough,
                      FrameRecords records) throws IOException {
        long length = records.frameLength();
        int count = records.size();
        crc = RedoFrames.seeded(identity, generation);
        flushedTo = position;
        buffer.clear();
        buffer.putInt(RedoFrames.MAGIC).putInt(count).putLong(generation).putLong(commit).putLong(dataSize)
                .putLong(length).putLong(syncedThrough);
        for (int i = 0; i < count; i++) {
            int recordLength = records.length(i);
            if (records.isMove(i)) {
                room(RedoFrames.RECORD_HEADER + RedoFrames.MOVE_SOURCE);
                buffer.putLong(records.fileOffset(i)).putInt(-recordLength).putLong(records.movedFrom(i));
                continue;
            }
            room(RedoFrames.RECORD_HEADER);
            buffer.putLong(records.fileOffset(i)).putInt(recordLength);
            byte[] source = records.source(i);
            int from = records.sourceOffset(i);
            int done = 0;
            while (done < recordLength) {
                room(1);
                int n = Math.min(recordLength - done, buffer.remaining());
                buffer.put(source, from + done, n);
                done += n;
            }
        }
        room(RedoFrames.CRC);
        crc.update(buffer.duplicate().flip());
        buffer.putInt((int) crc.getValue());
        flush(false);
        return length;
    }

    private void room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush(true);
        }
    }

    private void flush(boolean midFrame) throws IOException {
        buffer.flip();
        if (midFrame) {
            crc.update(buffer.duplicate());
        }
        int n = buffer.remaining();
        log.write(flushedTo, buffer);
        flushedTo += n;
        buffer.clear();
    }
}
