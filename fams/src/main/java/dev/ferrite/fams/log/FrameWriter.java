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
     * One record: the {@code length} bytes of {@code source} from {@code sourceOffset} are the new
     * contents at {@code fileOffset}; or, if {@code source} is null, a move of {@code length} bytes
     * from file offset {@code movedFrom} to {@code fileOffset} (see {@link RedoFrames}). The
     * source array is read when the frame is written.
     */
    public record Change(long fileOffset, byte[] source, int sourceOffset, int length, long movedFrom) {
        /** New contents at {@code fileOffset}: {@code length} bytes of {@code source} from {@code sourceOffset}. */
        public static Change bytes(long fileOffset, byte[] source, int sourceOffset, int length) {
            return new Change(fileOffset, source, sourceOffset, length, -1);
        }

        /** A move of {@code length} bytes from {@code from} to {@code to}, both within one page. */
        public static Change move(long to, long from, int length) {
            return new Change(to, null, 0, length, from);
        }

        /** The bytes the record takes after its header. */
        public int loggedBytes() {
            return source == null ? RedoFrames.MOVE_SOURCE : length;
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
            if (c.source() == null) {
                room(RedoFrames.RECORD_HEADER + RedoFrames.MOVE_SOURCE);
                buffer.putLong(c.fileOffset()).putInt(-c.length()).putLong(c.movedFrom());
                continue;
            }
            room(RedoFrames.RECORD_HEADER);
            buffer.putLong(c.fileOffset()).putInt(c.length());
            int done = 0;
            while (done < c.length()) {
                room(1);
                int n = Math.min(c.length() - done, buffer.remaining());
                buffer.put(c.source(), c.sourceOffset() + done, n);
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
