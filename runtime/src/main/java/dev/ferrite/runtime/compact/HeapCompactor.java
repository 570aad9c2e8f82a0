package dev.ferrite.runtime.compact;

import dev.ferrite.runtime.VerifyReport;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.memory.HeapLayout;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.verify.HeapWalk;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Compacts a heap without committing: checks it as the verifier does (a compaction rewrites every
 * reference, so it refuses a heap with problems), finds every word that holds an offset, picks the
 * lowest page from which up every block fits into the free space below (see {@code
 * Allocator#compactionCut}), moves those blocks down (whole-page blocks first, largest first;
 * small blocks into the free slots of partly used slabs), points every word, root and the header
 * at the new places, and lowers the end of the used pages. The caller commits, so that the heap is
 * compacted all at once or not at all, or rolls back if this throws.
 */
public final class HeapCompactor {
    private static final int PROGRESS_STEP = 4096;

    /** Receives progress as a share of {@code total}. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total);
    }

    /**
     * What a compaction did or, planned, would do.
     *
     * @param blocksMoved blocks moved
     * @param bytesMoved bytes in them
     * @param referencesRewritten words that named a moved block, roots included; 0 in a plan
     * @param extentBefore the end of the used pages before
     * @param extentAfter the end of the used pages after (in a plan: at most this)
     */
    public record Result(long blocksMoved, long bytesMoved, long referencesRewritten, long extentBefore,
            long extentAfter) {}

    /** Progress is reported in thousandths: checking the heap is the first 40%, finding references 20%. */
    private static final long TOTAL = 1000;

    private final HeapCore core;
    private final MemorySegment segment;
    private final Path path;
    private final Progress progress;

    public HeapCompactor(HeapCore core, Path path, Progress progress) {
        this.core = core;
        this.segment = core.segment();
        this.path = path;
        this.progress = progress;
    }

    /** The blocks to move, and what refers to blocks. */
    private record Plan(HeapReferences references, long cut, long[] offsets, long[] sizes, long bytes) {}

    /** What {@link #run()} would do, changing nothing. */
    public Result plan() {
        Plan plan = prepare();
        progress.update(TOTAL, TOTAL);
        long extent = core.extent();
        return new Result(plan.offsets().length, plan.bytes(), 0, extent,
                Math.min(extent, plan.cut() << HeapLayout.PAGE_SHIFT));
    }

    /**
     * Compacts the heap; the caller commits, or rolls back if this throws.
     *
     * @throws IllegalStateException if the heap has problems the verifier reports
     */
    public Result run() {
        Plan plan = prepare();
        long extentBefore = core.extent();
        core.limitAllocationsBelow(plan.cut());
        BlockMoves moves = new BlockMoves();
        for (int i : moveOrder(plan)) {
            long offset = plan.offsets()[i];
            moves.add(offset, core.relocateBlock(offset), plan.sizes()[i]);
            if (moves.count() % PROGRESS_STEP == 0) {
                progress.update(600 + 200L * moves.count() / plan.offsets().length, TOTAL);
            }
        }
        moves.seal();
        long rewritten = 0;
        HeapReferences references = plan.references();
        for (int i = 0; i < references.count(); i++) {
            long at = moves.addressNow(references.address(i));
            long old = segment.get(LittleEndian.LONG, at);
            long moved = moves.movedTo(old);
            if (moved != old) {
                segment.set(LittleEndian.LONG, at, moved);
                core.markDirty(at, 8);
                rewritten++;
            }
            if (i % PROGRESS_STEP == 0) {
                progress.update(800 + 200L * i / references.count(), TOTAL);
            }
        }
        for (String root : core.rootNames()) {
            if (moves.movedTo(core.root(root)) != core.root(root)) {
                rewritten++;
            }
        }
        core.relocateMetadata(moves::movedTo);
        long[] tops = core.lowerTop();
        progress.update(TOTAL, TOTAL);
        return new Result(moves.count(), plan.bytes(), rewritten, extentBefore, tops[1]);
    }

    /** Blocks of whole pages first, largest first, for they need free runs; then the small ones in address order. */
    private static int[] moveOrder(Plan plan) {
        List<Integer> order = new ArrayList<>(plan.offsets().length);
        for (int i = 0; i < plan.offsets().length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> plan.sizes()[i] >= HeapLayout.PAGE_SIZE ? -plan.sizes()[i] : 0)
                .thenComparingLong(i -> plan.offsets()[i]));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private Plan prepare() {
        VerifyReport report = new HeapWalk(core, path, (done, total) ->
                progress.update(total == 0 ? 0 : 400 * done / total, TOTAL)).run();
        if (!report.clean()) {
            throw new IllegalStateException(path + ": not compacted: the verifier finds " + report.problems().size()
                    + (report.omitted() > 0 ? "+" : "") + " problem(s), the first: " + report.problems().getFirst().message()
                    + ". Compaction rewrites every reference, so it needs a sound heap: see ferrite verify");
        }
        if (!report.notes().isEmpty()) {
            throw new IllegalStateException(path + ": not compacted: " + report.notes().getFirst());
        }
        HeapReferences references = HeapReferences.of(core);
        progress.update(600, TOTAL);
        long lowest = (references.pinnedEnd() + HeapLayout.PAGE_SIZE - 1) >>> HeapLayout.PAGE_SHIFT;
        long cut = core.compactionCut(lowest);
        long from = cut << HeapLayout.PAGE_SHIFT;
        long[][] found = {new long[1024], new long[1024]};
        int[] count = {0};
        long[] bytes = {0};
        core.forEachBlock((offset, size) -> {
            if (offset + size > from) {
                if (count[0] == found[0].length) {
                    found[0] = Arrays.copyOf(found[0], count[0] * 2);
                    found[1] = Arrays.copyOf(found[1], count[0] * 2);
                }
                found[0][count[0]] = offset;
                found[1][count[0]++] = size;
                bytes[0] += size;
            }
        });
        return new Plan(references, cut, Arrays.copyOf(found[0], count[0]), Arrays.copyOf(found[1], count[0]), bytes[0]);
    }
}
