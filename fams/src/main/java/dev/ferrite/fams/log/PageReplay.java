package dev.ferrite.fams.log;

import dev.ferrite.fams.FamsCorruptException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies the records of the frames of one generation, in order. A page whose whole image a record
 * holds is rebuilt from that image in memory, and its later records (moves among them) change the
 * image: what the data file holds for it (perhaps pages of later commits, left by a checkpoint a
 * crash interrupted) never counts. The bytes of records for other pages go to {@code target} as
 * they come, which is idempotent. Memory is one page per whole-page record, bounded like the pages
 * the writer holds until a checkpoint.
 */
public final class PageReplay implements FrameScanner.RecordSink {
    private static final int PAGE = LogFormat.PAGE_SIZE;

    private final FrameScanner.Sink target;
    private final String logName;
    private final Map<Long, byte[]> images = new HashMap<>();
    /** File offset of the bytes record being applied, whose chunks arrive through {@link #bytes}. */
    private long recordOffset;
    /** The page image the record being applied establishes, or null. */
    private byte[] recordImage;

    /**
     * @param target receives the bytes of records of pages without a whole image
     * @param logName names the log in error messages
     */
    public PageReplay(FrameScanner.Sink target, String logName) {
        this.target = target;
        this.logName = logName;
    }

    @Override
    public void literal(long fileOffset, int length) {
        recordOffset = fileOffset;
        recordImage = null;
        if (fileOffset % PAGE == 0 && length == PAGE) {
            recordImage = new byte[PAGE];
            images.put(fileOffset / PAGE, recordImage);
        }
    }

    @Override
    public void bytes(long fileOffset, ByteBuffer bytes) throws IOException {
        if (recordImage != null) {
            bytes.duplicate().get(recordImage, (int) (fileOffset - recordOffset), bytes.remaining());
            return;
        }
        long at = fileOffset;
        ByteBuffer b = bytes.duplicate();
        while (b.hasRemaining()) {
            long page = at / PAGE;
            int n = (int) Math.min(b.remaining(), (page + 1) * PAGE - at);
            byte[] image = images.get(page);
            if (image != null) {
                b.get(image, (int) (at - page * PAGE), n);
            } else {
                target.bytes(at, b.slice(b.position(), n));
                b.position(b.position() + n);
            }
            at += n;
        }
    }

    @Override
    public void move(long to, long from, int length) {
        long page = to / PAGE;
        byte[] image = images.get(page);
        if (image == null) {
            throw new FamsCorruptException(logName + ": a move of " + length + " bytes to file offset " + to
                    + " in a page that no earlier record of this generation holds whole");
        }
        System.arraycopy(image, (int) (from - page * PAGE), image, (int) (to - page * PAGE), length);
    }

    /** The pages rebuilt from whole images, by page index: they are to be written whole. */
    public Map<Long, byte[]> images() {
        return new TreeMap<>(images);
    }
}
