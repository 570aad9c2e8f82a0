package dev.ferrite.runtime.heap;

import dev.ferrite.fams.FamsFile;
import dev.ferrite.runtime.memory.SegmentStore;
import java.util.List;

/** Heap memory on a FAMS mapping: dirty marks go to the file, which writes those pages at commit. */
public final class FamsMemory extends SegmentStore {
    private final FamsFile file;

    public FamsMemory(FamsFile file) {
        super(file.segment());
        this.file = file;
    }

    @Override
    public void markDirty(long offset, long length) {
        file.markDirty(offset, length);
    }

    /**
     * The file's holes are zeros in the mapping too: nothing but a commit writes the file, and a
     * commit only fills holes (a read-only open's overlay of a commit in flight restores pages
     * that commit wrote, which are data in the file by then).
     */
    @Override
    public List<long[]> dataRanges(long from, long to) {
        return FileExtents.dataRanges(file.path(), from, to);
    }
}
