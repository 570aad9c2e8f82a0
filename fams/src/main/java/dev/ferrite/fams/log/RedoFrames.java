package dev.ferrite.fams.log;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Byte layout of a redo log ({@code F.fams-redo}), in one place. All integers little-endian.
 *
 * <pre>
 * offset 0     header sector (512 bytes, see {@link RedoHeader})
 * offset 4096  frames, back to back, one per commit, commit numbers consecutive from the
 *              header's base commit + 1:
 *                0 int   magic "FRDO"
 *                4 int   record count
 *                8 long  generation (the header's)
 *               16 long  commit number
 *               24 long  data size after the commit
 *               32 long  frame length in bytes, this header and the CRC included
 *               40 long  synced through: the last commit whose frame was synced when this one was written
 *               48       records, back to back, each one of:
 *                          bytes: long file offset, int length &gt; 0, then the new bytes
 *                          move:  long file offset (to), int -length, long file offset (from):
 *                                 the bytes at from, as the records before made them, are copied
 *                                 to the offset (source and destination may overlap); both lie in
 *                                 one page, which a record of the whole page earlier in the same
 *                                 generation established (format 2 on)
 *          length-4 int  CRC32C seeded with the file id and the generation, over bytes 0..length-5
 * </pre>
 *
 * A frame counts only if all of it validates: a torn or partial frame is simply not committed,
 * and so is every frame after it. Frames of an earlier generation (the log is reused from offset
 * 4096 at every checkpoint) carry another generation and fail its CRC seed, so they never
 * validate. A bytes record holds absolute bytes, so applying it twice is the same as once. A move
 * is not: it reads bytes that a checkpoint interrupted by a crash may already have changed in the
 * data file. So a move is only written for a page whose whole image an earlier record of the same
 * generation holds (the page's first record in a generation that may move its bytes is a whole-page
 * record, as PostgreSQL's full-page writes); replay ({@link PageReplay}) applies the records of
 * such a page to that image, never to what the data file holds, and writes the page whole.
 *
 * <p>Frames are not padded to sectors: like SQLite's default ("powersafe overwrite"), the format
 * assumes that writing some bytes of a sector does not damage its other bytes after a power cut.
 */
public final class RedoFrames {
    public static final long FRAMES_START = 4096;
    public static final int FRAME_HEADER = 48;
    public static final int RECORD_HEADER = 12;
    public static final int CRC = 4;
    /** The bytes after a move record's header: its source offset. */
    public static final int MOVE_SOURCE = 8;
    /**
     * The granularity of change of a page without a whole image in the generation: a commit logs
     * the runs of 64-byte lines that differ (a checkpoint rewrites those lines whole, so all their
     * bytes must be in the log).
     */
    public static final int LINE = 64;

    static final int MAGIC = 0x4f445246; // "FRDO"

    private RedoFrames() {}

    /**
     * Bytes of a frame whose records hold {@code records} runs of {@code bytes} bytes in total (a
     * move counts its {@link #MOVE_SOURCE} bytes).
     */
    public static long frameLength(long records, long bytes) {
        return FRAME_HEADER + records * RECORD_HEADER + bytes + CRC;
    }

    static CRC32C seeded(LogIdentity id, long generation) {
        CRC32C crc = new CRC32C();
        ByteBuffer seed = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        seed.putLong(id.fileIdHigh()).putLong(id.fileIdLow()).putLong(generation).flip();
        crc.update(seed);
        return crc;
    }
}
