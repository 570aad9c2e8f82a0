package dev.ferrite.runtime.heap;

import dev.ferrite.fams.FamsFile;
import java.lang.foreign.MemorySegment;

/** Heap memory on a FAMS mapping: dirty marks go to the file, which writes those pages at commit. */
public final class FamsMemory implements Memory {
    private final FamsFile file;
    private final MemorySegment segment;

    public FamsMemory(FamsFile file) {
        this.file = file;
        this.segment = file.segment();
    }

    @Override
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public void markDirty(long offset, long length) {
        file.markDirty(offset, length);
    }
}
