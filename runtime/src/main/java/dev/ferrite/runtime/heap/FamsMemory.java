package dev.ferrite.runtime.heap;

import dev.ferrite.fams.FamsFile;
import dev.ferrite.runtime.memory.SegmentStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Heap memory on a FAMS mapping: dirty marks go to the file, which writes those pages at commit. */
public final class FamsMemory extends SegmentStore {
    /** The pages of {@link FamsFile#pagesAheadOfFile()}. */
    private static final long PAGE = 4096;

    private final FamsFile file;

    public FamsMemory(FamsFile file) {
        super(file.segment());
        this.file = file;
    }

    @Override
    public void markDirty(long offset, long length) {
        file.markDirty(offset, length);
    }

    /** Whether the file's view stays one commit until close; see {@link FamsFile#viewFixed()}. */
    @Override
    public boolean fixed() {
        return file.viewFixed();
    }

    /** The bytes the file holds (a reservation may lie beyond them). */
    @Override
    public long size() {
        return file.size();
    }

    /** Grows the file in place, as part of the next commit; see {@link FamsFile#grow}. */
    @Override
    public void extendTo(long bytes) {
        super.extendTo(bytes);
        file.grow(bytes);
    }

    /**
     * The file's data, plus the pages whose last commit the file does not hold yet: in the
     * write-ahead mode a commit leaves the file alone until a checkpoint, so a page committed since
     * (or, read-only, replayed from the log at open) may be a hole in the file but data in the
     * mapping. Everything else the mapping shows is what the file holds: nothing but a commit or a
     * checkpoint writes the file, and neither makes holes.
     */
    @Override
    public List<long[]> dataRanges(long from, long to) {
        List<long[]> ranges = new ArrayList<>(FileExtents.dataRanges(file.path(), from, to));
        for (long page : file.pagesAheadOfFile()) {
            long start = Math.max(from, page * PAGE);
            long end = Math.min(to, (page + 1) * PAGE);
            if (start < end) {
                ranges.add(new long[] {start, end});
            }
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            long[] last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && r[0] <= last[1]) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new long[] {r[0], r[1]});
            }
        }
        return merged;
    }
}
