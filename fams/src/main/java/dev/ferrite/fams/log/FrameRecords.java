package dev.ferrite.fams.log;

import java.util.Arrays;

/**
 * The records of the redo frame a commit is building (see {@link RedoFrames}), in the order replay
 * applies them. A bytes record names the array its new bytes are read from when the frame is
 * written; a move record names the file offset its bytes come from.
 *
 * <p>Kept as parallel arrays and reused from commit to commit: a frame of a few thousand short
 * records then costs no object per record. Not thread-safe.
 */
public final class FrameRecords {
    private static final int INITIAL = 256;
    /** Above this many records a cleared list gives its arrays back, so that one huge frame does not pin them. */
    private static final int KEPT = 1 << 16;

    private long[] fileOffsets = new long[INITIAL];
    private byte[][] sources = new byte[INITIAL][];
    private int[] sourceOffsets = new int[INITIAL];
    private int[] lengths = new int[INITIAL];
    /** The source offset of a move; -1 for a bytes record. */
    private long[] movedFrom = new long[INITIAL];
    private int size;
    private long loggedBytes;

    /** Adds new contents at {@code fileOffset}: {@code length} bytes of {@code source} from {@code sourceOffset}. */
    public void addBytes(long fileOffset, byte[] source, int sourceOffset, int length) {
        int i = next();
        fileOffsets[i] = fileOffset;
        sources[i] = source;
        sourceOffsets[i] = sourceOffset;
        lengths[i] = length;
        movedFrom[i] = -1;
        loggedBytes += length;
    }

    /** Adds a move of {@code length} bytes from file offset {@code from} to {@code to}, both within one page. */
    public void addMove(long to, long from, int length) {
        int i = next();
        fileOffsets[i] = to;
        sources[i] = null;
        sourceOffsets[i] = 0;
        lengths[i] = length;
        movedFrom[i] = from;
        loggedBytes += RedoFrames.MOVE_SOURCE;
    }

    private int next() {
        if (size == fileOffsets.length) {
            int grown = Math.addExact(size, size);
            fileOffsets = Arrays.copyOf(fileOffsets, grown);
            sources = Arrays.copyOf(sources, grown);
            sourceOffsets = Arrays.copyOf(sourceOffsets, grown);
            lengths = Arrays.copyOf(lengths, grown);
            movedFrom = Arrays.copyOf(movedFrom, grown);
        }
        return size++;
    }

    /** Keeps the first {@code kept} records and drops the rest. */
    public void truncate(int kept) {
        if (kept < 0 || kept > size) {
            throw new IndexOutOfBoundsException("keep " + kept + " of " + size + " records");
        }
        for (int i = kept; i < size; i++) {
            loggedBytes -= isMove(i) ? RedoFrames.MOVE_SOURCE : lengths[i];
            sources[i] = null;
        }
        size = kept;
    }

    /** Drops every record, and the arrays they named. */
    public void clear() {
        Arrays.fill(sources, 0, size, null);
        size = 0;
        loggedBytes = 0;
        if (fileOffsets.length > KEPT) {
            fileOffsets = new long[INITIAL];
            sources = new byte[INITIAL][];
            sourceOffsets = new int[INITIAL];
            lengths = new int[INITIAL];
            movedFrom = new long[INITIAL];
        }
    }

    public int size() {
        return size;
    }

    /** The bytes the records take after their headers: each bytes record's new bytes, each move's source offset. */
    public long loggedBytes() {
        return loggedBytes;
    }

    /** The length of a frame holding these records. */
    public long frameLength() {
        return RedoFrames.frameLength(size, loggedBytes);
    }

    /** Whether record {@code i} is a move. */
    public boolean isMove(int i) {
        return movedFrom[i] >= 0;
    }

    /** Where record {@code i} puts its bytes. */
    public long fileOffset(int i) {
        return fileOffsets[i];
    }

    /** The bytes record {@code i} writes or moves. */
    public int length(int i) {
        return lengths[i];
    }

    /** The array holding the new bytes of bytes record {@code i}; null for a move. */
    public byte[] source(int i) {
        return sources[i];
    }

    /** Where in {@link #source} the new bytes of bytes record {@code i} start. */
    public int sourceOffset(int i) {
        return sourceOffsets[i];
    }

    /** The file offset move record {@code i} copies from; -1 for a bytes record. */
    public long movedFrom(int i) {
        return movedFrom[i];
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            s.append(i == 0 ? "" : ", ");
            if (isMove(i)) {
                s.append("move ").append(lengths[i]).append(" from ").append(movedFrom[i]).append(" to ");
            } else {
                s.append(lengths[i]).append(" bytes at ");
            }
            s.append(fileOffsets[i]);
        }
        return s.append(']').toString();
    }
}
