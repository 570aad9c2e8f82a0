package dev.ferrite.fams.protocol;

import dev.ferrite.fams.log.FrameRecords;
import dev.ferrite.fams.log.LogFormat;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Encodes how a page changed as the records of a redo frame: the exact runs of new bytes, and
 * moves for bytes that only shifted within the page. Inserting an entry into a sorted node shifts
 * the entries after it; a move record (20 bytes) says so instead of logging every shifted byte.
 *
 * <p>Moves are found where the old bytes that should follow a run of new bytes reappear a little
 * further on (an insertion) or the new bytes reappear a little further on in the old page (a
 * removal). Replay applies records in order to the page as the earlier ones left it, so the moves
 * come first, each shift to a higher offset before the lower ones (like {@code memmove}), and the
 * runs of new bytes last. The encoding is checked by applying it to a copy of the old page; if it
 * does not reproduce the new one exactly, the page is logged as runs of new bytes alone.
 *
 * <p>Only for pages whose whole image the log holds in this generation (see
 * {@link dev.ferrite.fams.log.RedoFrames}): replay rebuilds those from the log alone. One instance
 * per protocol; not thread-safe.
 */
final class PageDelta {
    private static final int PAGE = LogFormat.PAGE_SIZE;
    /** Unchanged bytes that end a run of new bytes: fewer cost less to log than a record header (12). */
    private static final int GAP = 16;
    /** The shortest shift logged as a move: a move record takes 20 bytes. */
    private static final int MIN_MOVE = 32;
    /** New bytes in a run before a shift is looked for: an 8-byte counter never pays for a search. */
    private static final int SEARCH_AFTER = 16;
    /** How far a shift is looked for. */
    private static final int MAX_SHIFT = 256;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private record Move(int to, int from, int length) {}

    private static final Comparator<Move> APPLY_ORDER = (a, b) -> {
        boolean aUp = a.to > a.from;
        boolean bUp = b.to > b.from;
        if (aUp != bUp) {
            return aUp ? -1 : 1;
        }
        return aUp ? Integer.compare(b.to, a.to) : Integer.compare(a.to, b.to);
    };

    private final byte[] scratch = new byte[PAGE];
    /**
     * The last few changes of shift that a search found, tried first: the entries of a node are
     * of one size, so the same ones recur.
     */
    private final int[] recentDeltas = new int[4];
    private final List<Move> moves = new ArrayList<>();
    /**
     * Whether a search of the page being encoded found no shift: later runs of the page try only
     * the recent shifts. A page whose entries changed beside the ones an insertion shifted (a
     * counter in each) breaks every shifted stretch short of a move, and each search there costs
     * hundreds of comparisons to find nothing.
     */
    private boolean searchFailed;
    /** Runs of new bytes, as pairs of page offsets: from, to. */
    private int[] runs = new int[64];
    private int runCount;
    private byte[] old;
    private byte[] now;

    /**
     * Appends to {@code out} the records that turn {@code old} into {@code now}, two whole pages
     * that differ.
     *
     * @param at the file offset of the page
     */
    void encode(byte[] old, byte[] now, long at, FrameRecords out) {
        this.old = old;
        this.now = now;
        moves.clear();
        runCount = 0;
        searchFailed = false;
        int first = Arrays.mismatch(old, now);
        if (first < 0) {
            return;
        }
        findMovesAndRuns(first);
        if (!moves.isEmpty()) {
            if (moves.size() > 1) {
                moves.sort(APPLY_ORDER);
            }
            if (!reproduces()) {
                moves.clear();
                runCount = 0;
                exactRuns(first);
            }
        }
        for (Move m : moves) {
            out.addMove(at + m.to, at + m.from, m.length);
        }
        for (int r = 0; r < runCount; r++) {
            int from = runs[2 * r];
            int to = runs[2 * r + 1];
            out.addBytes(at + from, now, from, to - from);
        }
    }

    private void findMovesAndRuns(int first) {
        int i = first;
        int shift = 0;
        int run = -1;
        boolean searched = false;
        while (i < PAGE) {
            int m = match(i, shift);
            if (m >= (shift == 0 ? GAP : MIN_MOVE) || m > 0 && shift == 0 && i + m == PAGE) {
                if (run >= 0 && i > run) {
                    addRun(run, i);
                }
                run = -1;
                if (shift != 0) {
                    int end = moveThroughChanges(i, i + m, shift);
                    moves.add(new Move(i, i - shift, end - i));
                    i = end;
                    continue;
                }
                i += m;
                continue;
            }
            if (shift != 0 && match(i, 0) >= GAP) {
                shift = 0;
                continue;
            }
            if (run < 0) {
                run = i;
                searched = false;
                // Entries shifted within a node often match themselves at shift 0 in stretches
                // (zero padding, equal lengths), cutting the shifted area into runs too short to
                // search: a recent shift is tried at once.
                long found = recentShift(run, shift);
                if (found != Long.MIN_VALUE) {
                    shift = (int) (found >> 32);
                    i = (int) found;
                    continue;
                }
            }
            if (!searched && i - run >= SEARCH_AFTER) {
                searched = true;
                long found = findShift(run, shift);
                if (found != Long.MIN_VALUE) {
                    shift = (int) (found >> 32);
                    i = (int) found;
                    continue;
                }
            }
            i = Math.min(PAGE, i + 4);
        }
        if (run >= 0) {
            addRun(run, PAGE);
        }
    }

    /**
     * Where a move at {@code shift} whose bytes match up to {@code end} can end: past short
     * stretches of new bytes (fewer than {@link #GAP}) after which the shift holds again for at
     * least {@code GAP} bytes. Those stretches are added as runs of new bytes, which replay applies
     * after the moves: entries that an insertion shifted and whose counters also changed are then
     * one move and a few short runs, not all their bytes anew.
     */
    private int moveThroughChanges(int start, int end, int shift) {
        while (end < PAGE) {
            int resume = -1;
            int last = Math.min(PAGE - 1, end + GAP);
            for (int k = end + 1; k <= last; k++) {
                int from = k - shift;
                if (from >= 0 && from < PAGE && now[k] == old[from] && match(k, shift) >= GAP) {
                    resume = k;
                    break;
                }
            }
            if (resume < 0) {
                return end;
            }
            addRun(end, resume);
            end = resume + match(resume, shift);
        }
        return end;
    }

    /**
     * A shift that explains the bytes from a little after {@code run} on, a recent one if it fits,
     * else one found by a search: where the old bytes that
     * {@code shift} expects at {@code run} appear further on in the new page, or where the new
     * bytes at {@code run} appear further on in the old one.
     *
     * @return the shift in the high 32 bits and the new page offset its move starts at in the low
     *     32, or {@link Long#MIN_VALUE} if none was found
     */
    private long findShift(int run, int shift) {
        long recent = recentShift(run, shift);
        if (recent != Long.MIN_VALUE) {
            return recent;
        }
        if (searchFailed) {
            return Long.MIN_VALUE;
        }
        long found = searchShift(run, shift);
        searchFailed = found == Long.MIN_VALUE;
        if (found != Long.MIN_VALUE) {
            int delta = (int) (found >> 32) - shift;
            System.arraycopy(recentDeltas, 0, recentDeltas, 1, recentDeltas.length - 1);
            recentDeltas[0] = delta;
        }
        return found;
    }

    /** A shift like {@link #findShift}'s among the recent ones only, or {@link Long#MIN_VALUE}. */
    private long recentShift(int run, int shift) {
        for (int delta : recentDeltas) {
            if (delta != 0) {
                int position = run + Math.max(delta, 0);
                if (position < PAGE && match(position, shift + delta) >= MIN_MOVE) {
                    return (long) (shift + delta) << 32 | position;
                }
            }
        }
        return Long.MIN_VALUE;
    }

    /** Looks for a shift like {@link #findShift}, byte by byte up to {@link #MAX_SHIFT} away. */
    private long searchShift(int run, int shift) {
        int expected = run - shift;
        if (expected >= 0 && expected <= PAGE - 8) {
            long key = (long) LONG.get(old, expected);
            int last = Math.min(PAGE - 8, run + MAX_SHIFT);
            for (int p = run + 1; p <= last; p++) {
                if ((long) LONG.get(now, p) == key && match(p, p - expected) >= MIN_MOVE) {
                    return (long) (p - expected) << 32 | p;
                }
            }
        }
        if (run <= PAGE - 8) {
            long key = (long) LONG.get(now, run);
            int last = Math.min(PAGE - 8, Math.max(expected, 0) + MAX_SHIFT);
            for (int q = Math.max(expected + 1, 0); q <= last; q++) {
                if ((long) LONG.get(old, q) == key && match(run, run - q) >= MIN_MOVE) {
                    return (long) (run - q) << 32 | run;
                }
            }
        }
        return Long.MIN_VALUE;
    }

    /** How many bytes of the new page from {@code i}  equal the old page's from {@code i - shift}. */
    private int match(int i, int shift) {
        int j = i - shift;
        if (j < 0 || j >= PAGE) {
            return 0;
        }
        int length = Math.min(PAGE - i, PAGE - j);
        int m = Arrays.mismatch(now, i, i + length, old, j, j + length);
        return m < 0 ? length : m;
    }

    /** The runs of changed bytes, split where at least {@link #GAP} bytes are unchanged. */
    private void exactRuns(int first) {
        int i = first;
        while (i < PAGE) {
            int from = i;
            int to = i;
            while (i < PAGE) {
                if (old[i] != now[i]) {
                    to = ++i;
                } else if (i - to >= GAP) {
                    break;
                } else {
                    i++;
                }
            }
            addRun(from, to);
            while (i < PAGE && old[i] == now[i]) {
                i++;
            }
        }
    }

    private void addRun(int from, int to) {
        if (2 * runCount + 2 > runs.length) {
            runs = Arrays.copyOf(runs, runs.length * 2);
        }
        runs[2 * runCount] = from;
        runs[2 * runCount + 1] = to;
        runCount++;
    }

    /** Whether applying the moves, then the runs, to the old page gives the new page. */
    private boolean reproduces() {
        System.arraycopy(old, 0, scratch, 0, PAGE);
        for (Move m : moves) {
            System.arraycopy(scratch, m.from, scratch, m.to, m.length);
        }
        for (int r = 0; r < runCount; r++) {
            int from = runs[2 * r];
            System.arraycopy(now, from, scratch, from, runs[2 * r + 1] - from);
        }
        return Arrays.equals(scratch, now);
    }
}
