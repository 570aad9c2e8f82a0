package dev.ferrite.fams.log;

import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Appends redo frames ({@link RedoFrames}) to a log through a reused buffer. It only writes:
 * syncing is the protocol's business.
 */
public final class FrameWriter {
    /** Size of the write buffer: a large frame is written in chunks of this size. */
    public static final int BUFFER = 1 << 20;

    /**
     * One record: {@code bytes} (all remaining) are the new contents at {@code fileOffset}; or, if
     * {@code bytes} is null, a move of {@code movedLength} bytes from {@code movedFrom} to
     * {@code fileOffset} (see {@link RedoFrames}).
     */
    public record Change(long fileOffset, ByteBuffer bytes, long movedFrom, int movedLength) {
        /** New contents at {@code fileOffset}. */
        public Change(long fileOffset, ByteBuffer bytes) {
            this(fileOffset, bytes, -1, 0);
        }

        /** A move of {@code length} bytes from {@code from} to {@code to}, both within one page. */
        public static Change move(long to, long from, int length) {
            return new Change(to, null, from, length);
        }

        /** The bytes the record takes after its header. */
        public int loggedBytes() {
            return bytes == null ? RedoFrames.MOVE_SOURCE : bytes.remaining();
        }
    }

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
                      List<Change> changes) throws IOException {
        long bytes = 0;
        for (Change c : changes) {
            bytes += c.loggedBytes();
        }
        long length = RedoFrames.frameLength(changes.size(), bytes);
        crc = RedoFrames.seeded(identity, generation);
        flushedTo = position;
        buffer.clear();
        buffer.putInt(RedoFrames.MAGIC).putInt(changes.size()).putLong(generation).putLong(commit).putLong(dataSize)
                .putLong(length).putLong(syncedThrough);
        for (Change c : changes) {
            if (c.bytes() == null) {
                room(RedoFrames.RECORD_HEADER + RedoFrames.MOVE_SOURCE);
                buffer.putLong(c.fileOffset()).putInt(-c.movedLength()).putLong(c.movedFrom());
                continue;
            }
            room(RedoFrames.RECORD_HEADER);
            buffer.putLong(c.fileOffset()).putInt(c.bytes().remaining());
            ByteBuffer src = c.bytes().duplicate();
            while (src.hasRemaining()) {
                room(1);
                int n = Math.min(src.remaining(), buffer.remaining());
                buffer.put(src.slice(src.position(), n));
                src.position(src.position() + n);
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
