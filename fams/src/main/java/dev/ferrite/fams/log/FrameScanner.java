package dev.ferrite.fams.log;

import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Reads the frames of a redo log in order and validates each before handing it out: the first
 * frame that does not validate ends the log. Reads through a window of 1 MiB, aligned so that a
 * device read ({@link StorageFile#readDevice}) can bypass the page cache; memory stays bounded
 * whatever a (possibly hostile) log claims.
 */
public final class FrameScanner {
    private static final int WINDOW = 1 << 20;

    /** A frame that validated. */
    public record Frame(long position, long length, long commit, long dataSize, long syncedThrough, int records) {}

    /** Receives bytes a run at a time, in log order. */
    @FunctionalInterface
    public interface Sink {
        void bytes(long fileOffset, ByteBuffer bytes) throws IOException;
    }

    /** Receives the records of a frame in log order. */
    public interface RecordSink extends Sink {
        /** A record of {@code length} new bytes at {@code fileOffset} begins; its bytes follow through {@link #bytes}. */
        void literal(long fileOffset, int length) throws IOException;

        /** A move record: {@code length} bytes at {@code from} are copied to {@code to}, as they are at this point. */
        void move(long to, long from, int length) throws IOException;
    }

    private final StorageFile log;
    private final RedoHeader header;
    private final boolean device;
    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW);
    private final ByteBuffer small = ByteBuffer.allocate(RedoFrames.FRAME_HEADER).order(ByteOrder.LITTLE_ENDIAN);
    private final long logSize;
    private long windowStart = -1;
    private int windowLength;
    private long at = RedoFrames.FRAMES_START;
    private long expected;
    private long dataSize;
    private String problem;
    /** Where the frame after an invalid one would start, if the invalid one's header was plausible; else -1. */
    private long afterInvalid = -1;

    /**
     * @param device read what the device holds, past the page cache, where the file system allows
     */
    public FrameScanner(StorageFile log, RedoHeader header, boolean device) throws IOException {
        this.log = log;
        this.header = header;
        this.device = device;
        this.logSize = log.size();
        this.expected = header.baseCommit() + 1;
        this.dataSize = header.baseSize();
    }

    /** The next valid frame, or null at the end of the log; {@link #problem()} then says what ended it. */
    public Frame next() throws IOException {
        if (problem != null) {
            return null;
        }
        Frame f = frameAt(at, expected, dataSize);
        if (f == null) {
            return null;
        }
        at += f.length();
        expected++;
        dataSize = f.dataSize();
        return f;
    }

    /** What ended the log: a sentence naming the offset and what was found there. */
    public String problem() {
        return problem;
    }

    /**
     * Whether a frame that validates, and that was written after the frame that ended the log had
     * been synced, follows that frame: then the log was complete once and has been damaged since,
     * because nothing is appended after a synced frame without first syncing it.
     */
    public boolean damagedBeforeADurableFrame() throws IOException {
        if (afterInvalid < 0) {
            return false;
        }
        long invalidCommit = expected;
        String why = problem;
        problem = null;
        Frame f = frameAt(afterInvalid, invalidCommit + 1, dataSize);
        problem = why;
        return f != null && f.syncedThrough() >= invalidCommit;
    }

    private Frame frameAt(long position, long commit, long minDataSize) throws IOException {
        String where = "frame of commit " + commit + " at offset " + position;
        small.clear();
        if (read(position, small) < RedoFrames.FRAME_HEADER) {
            return end(where + ": the log ends at " + logSize, -1);
        }
        int magic = small.getInt(0);
        int records = small.getInt(4);
        long generation = small.getLong(8);
        long number = small.getLong(16);
        long size = small.getLong(24);
        long length = small.getLong(32);
        long syncedThrough = small.getLong(40);
        if (magic != RedoFrames.MAGIC || generation != header.generation() || number != commit) {
            return end(where + ": no frame of this log there (magic 0x" + Integer.toHexString(magic) + ", generation "
                    + (generation == header.generation() ? "current" : "another") + ", commit " + number + ")", -1);
        }
        if (length < RedoFrames.frameLength(0, 0) || length > logSize - position || records < 0
                || records > (length - RedoFrames.frameLength(0, 0)) / RedoFrames.RECORD_HEADER
                || size < minDataSize) {
            return end(where + ": impossible frame values (length " + length + ", " + records + " records, data size "
                    + size + ", log size " + logSize + ")", -1);
        }
        CRC32C crc = RedoFrames.seeded(header.identity(), header.generation());
        crc.update(small.duplicate());
        long end = position + length - RedoFrames.CRC;
        long p = position + RedoFrames.FRAME_HEADER;
        for (int i = 0; i < records; i++) {
            small.clear().limit(RedoFrames.RECORD_HEADER);
            if (p + RedoFrames.RECORD_HEADER > end || read(p, small) < RedoFrames.RECORD_HEADER) {
                return end(where + ": record " + i + " at offset " + p + " overruns the frame", position + length);
            }
            long offset = small.getLong(0);
            int n = small.getInt(8);
            crc.update(small.duplicate());
            p += RedoFrames.RECORD_HEADER;
            if (n < 0) {
                String bad = move(p, end, offset, n, size, crc);
                if (bad != null) {
                    return end(where + ": record " + i + bad, position + length);
                }
                p += RedoFrames.MOVE_SOURCE;
                continue;
            }
            if (n == 0 || offset < 0 || offset > size - n || p + n > end) {
                return end(where + ": record " + i + " of " + n + " bytes at file offset " + offset
                        + " lies outside the frame or the " + size + "-byte file", position + length);
            }
            if (!stream(p, n, (o, b) -> crc.update(b))) {
                return end(where + ": cut off by the end of the log at " + logSize, -1);
            }
            p += n;
        }
        if (p != end) {
            return end(where + ": records end at " + p + ", the frame's CRC is at " + end, position + length);
        }
        small.clear().limit(RedoFrames.CRC);
        if (read(end, small) < RedoFrames.CRC) {
            return end(where + ": cut off by the end of the log at " + logSize, -1);
        }
        int stored = small.getInt(0);
        int computed = (int) crc.getValue();
        if (stored != computed) {
            return end(where + ": checksum mismatch (stored 0x" + Integer.toHexString(stored) + ", computed 0x"
                    + Integer.toHexString(computed) + "): torn, partly written or damaged", position + length);
        }
        return new Frame(position, length, number, size, syncedThrough, records);
    }

    /**
     * Validates the move record whose header (to {@code offset}, {@code -n} bytes) ended at
     * {@code p}, and adds its source offset to {@code crc}.
     *
     * @return what is wrong with it, or null
     */
    private String move(long p, long end, long offset, int n, long size, CRC32C crc) throws IOException {
        small.clear().limit(RedoFrames.MOVE_SOURCE);
        if (p + RedoFrames.MOVE_SOURCE > end || read(p, small) < RedoFrames.MOVE_SOURCE) {
            return " (a move) overruns the frame";
        }
        long from = small.getLong(0);
        crc.update(small.duplicate());
        int length = n == Integer.MIN_VALUE ? Integer.MAX_VALUE : -n;
        if (length > LogFormat.PAGE_SIZE || offset < 0 || from < 0 || offset > size - length || from > size - length
                || offset / LogFormat.PAGE_SIZE != (offset + length - 1) / LogFormat.PAGE_SIZE
                || from / LogFormat.PAGE_SIZE != offset / LogFormat.PAGE_SIZE
                || (from + length - 1) / LogFormat.PAGE_SIZE != offset / LogFormat.PAGE_SIZE) {
            return ", a move of " + length + " bytes from file offset " + from + " to " + offset
                    + ", does not lie within one page of the " + size + "-byte file";
        }
        return null;
    }

    /** Hands the records of {@code frame}, which {@link #next} returned, to {@code sink}. */
    public void apply(Frame frame, RecordSink sink) throws IOException {
        long p = frame.position() + RedoFrames.FRAME_HEADER;
        for (int i = 0; i < frame.records(); i++) {
            small.clear().limit(RedoFrames.RECORD_HEADER);
            if (read(p, small) < RedoFrames.RECORD_HEADER) {
                throw new IOException("redo log shrank while being applied: record at " + p);
            }
            long offset = small.getLong(0);
            int n = small.getInt(8);
            p += RedoFrames.RECORD_HEADER;
            if (n < 0) {
                small.clear().limit(RedoFrames.MOVE_SOURCE);
                if (read(p, small) < RedoFrames.MOVE_SOURCE) {
                    throw new IOException("redo log shrank while being applied: record at " + p);
                }
                sink.move(offset, small.getLong(0), -n);
                p += RedoFrames.MOVE_SOURCE;
                continue;
            }
            sink.literal(offset, n);
            long base = p;
            if (!stream(p, n, (o, b) -> sink.bytes(offset + (o - base), b))) {
                throw new IOException("redo log shrank while being applied: record at " + p);
            }
            p += n;
        }
    }

    private Frame end(String why, long next) {
        problem = why;
        afterInvalid = next;
        return null;
    }

    /** Passes {@code length} bytes at {@code position} to {@code sink} window by window; false at the end of the log. */
    private boolean stream(long position, long length, Sink sink) throws IOException {
        long p = position;
        long end = position + length;
        while (p < end) {
            ByteBuffer view = view(p, end - p);
            if (view == null) {
                return false;
            }
            int n = view.remaining();
            sink.bytes(p, view);
            p += n;
        }
        return true;
    }

    private int read(long position, ByteBuffer dst) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            ByteBuffer view = view(position + total, dst.remaining());
            if (view == null) {
                break;
            }
            total += view.remaining();
            dst.put(view);
        }
        dst.flip();
        return total;
    }

    /** Up to {@code max} bytes at {@code position}, from the window; null at the end of the log. */
    private ByteBuffer view(long position, long max) throws IOException {
        if (windowStart < 0 || position < windowStart || position >= windowStart + windowLength) {
            windowStart = position / 4096 * 4096;
            window.clear();
            windowLength = Math.max(0, device ? log.readDevice(windowStart, window) : log.read(windowStart, window));
            if (position >= windowStart + windowLength) {
                windowStart = -1;
                return null;
            }
        }
        int from = (int) (position - windowStart);
        int n = (int) Math.min(max, windowLength - from);
        return window.slice(from, n).asReadOnlyBuffer();
    }
}
