package dev.ferrite.runtime.heap;

import dev.ferrite.runtime.memory.HeapLayout;
import dev.ferrite.runtime.memory.SegmentStore;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Heap memory in plain RAM with an oracle for dirty marks: {@link #unmarkedPages()} compares
 * the memory with its state at the last {@link #checkpoint()} and lists the pages that changed
 * without being marked, as FAMS's checked mode does with the kernel's page map.
 */
public final class ArenaMemory extends SegmentStore {
    private final BitSet marked = new BitSet();
    private byte[] checkpoint;

    public ArenaMemory(long bytes) {
        super(Arena.ofAuto().allocate(bytes, HeapLayout.PAGE_SIZE));
        this.checkpoint = new byte[Math.toIntExact(bytes)];
    }

    @Override
    public void markDirty(long offset, long length) {
        if (length > 0) {
            marked.set((int) (offset >>> HeapLayout.PAGE_SHIFT), (int) ((offset + length - 1) >>> HeapLayout.PAGE_SHIFT) + 1);
        }
    }

    /** The pages that differ from the checkpoint without having been marked. */
    List<Long> unmarkedPages() {
        List<Long> unmarked = new ArrayList<>();
        MemorySegment old = MemorySegment.ofArray(checkpoint);
        for (long page = 0; page * HeapLayout.PAGE_SIZE < segment().byteSize(); page++) {
            long at = page * HeapLayout.PAGE_SIZE;
            if (!marked.get((int) page)
                    && segment().asSlice(at, HeapLayout.PAGE_SIZE).mismatch(old.asSlice(at, HeapLayout.PAGE_SIZE)) != -1) {
                unmarked.add(page);
            }
        }
        return unmarked;
    }

    /** Whether {@code page} was marked since the last checkpoint. */
    boolean marked(long page) {
        return marked.get((int) page);
    }

    /** The pages marked since the last checkpoint. */
    int markedPages() {
        return marked.cardinality();
    }

    /** Puts back the memory of the last checkpoint, as a rollback does. */
    void rollback() {
        MemorySegment.copy(MemorySegment.ofArray(checkpoint), 0, segment(), 0, checkpoint.length);
        marked.clear();
    }

    /** Takes the current memory as the new reference state, as a commit does. */
    void checkpoint() {
        checkpoint = segment().toArray(ValueLayout.JAVA_BYTE);
        marked.clear();
    }
}
