package dev.ferrite.runtime.compact;

import dev.ferrite.runtime.VerifyReport;
import dev.ferrite.runtime.alloc.CompactionPlan;
import dev.ferrite.runtime.format.Reference;
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
import java.util.function.LongUnaryOperator;

/**
 * Compacts a heap without committing: checks it as the verifier does (a compaction rewrites every
 * reference, so it refuses a heap with problems), packs the leaves of its sorted maps ({@link
 * MapRepacking}), finds every word that holds an offset, then
 * moves blocks in the two steps that {@code Allocator#planCompaction} plans: it packs each size
 * class into its lowest slabs, then moves every block from the cut up into the space below it
 * (whole-page blocks first, largest first). Last it points every word, root and the header at the
 * new places, and lowers the end of the used pages. The caller commits, so that the heap is
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
     * @param mapNodesFreed the sorted-map nodes that packing the maps' leaves freed; in a plan,
     *     those it would free, which the plan's other counts leave out
     */
    public record Result(long blocksMoved, long bytesMoved, long referencesRewritten, long extentBefore,
            long extentAfter, long mapNodesFreed) {}

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

    /** What refers to blocks, the plan, and the map nodes packing freed or would free. */
    private record Prepared(HeapReferences references, CompactionPlan plan, long mapNodes) {}

    /** What {@link #run()} would do, changing nothing. */
    public Result plan() {
        Prepared prepared = prepare(false);
        long[] emptied = prepared.plan().emptiedSlabs();
        long from = prepared.plan().cut() << HeapLayout.PAGE_SHIFT;
        long[] blocks = new long[2];
        core.forEachBlock((offset, size) -> {
            if (offset + size > from || Arrays.binarySearch(emptied, offset >>> HeapLayout.PAGE_SHIFT) >= 0) {
                blocks[0]++;
                blocks[1] += size;
            }
        });
        progress.update(TOTAL, TOTAL);
        long extent = core.extent();
        return new Result(blocks[0], blocks[1], 0, extent, Math.min(extent, from), prepared.mapNodes());
    }

    /**
     * Compacts the heap; the caller commits, or rolls back if this throws.
     *
     * @throws IllegalStateException if the heap has problems the verifier reports
     */
    public Result run() {
        Prepared prepared = prepare(true);
        long extentBefore = core.extent();
        long[] emptied = prepared.plan().emptiedSlabs();
        long[][] packing = blocks((offset, size) -> Arrays.binarySearch(emptied, offset >>> HeapLayout.PAGE_SHIFT) >= 0);
        core.emptySlabs(emptied);
        BlockMoves packed = move(packing, 600, 700);
        long from = prepared.plan().cut() << HeapLayout.PAGE_SHIFT;
        core.limitAllocationsBelow(prepared.plan().cut());
        BlockMoves lowered = move(blocks((offset, size) -> offset + size > from), 700, 800);
        long rewritten = 0;
        HeapReferences references = prepared.references();
        for (int i = 0; i < references.count(); i++) {
            long at = lowered.addressNow(packed.addressNow(references.address(i)));
            // A reference to a struct carries its record's generation above the offset; the
            // moved record keeps that generation, so only the offset changes.
            long stored = segment.get(LittleEndian.LONG, at);
            long old = Reference.offset(stored);
            long moved = lowered.movedTo(packed.movedTo(old));
            if (moved != old) {
                segment.set(LittleEndian.LONG, at, Reference.of(moved, Reference.generation(stored)));
                core.markDirty(at, 8);
                rewritten++;
            }
            if (i % PROGRESS_STEP == 0) {
                progress.update(800 + 200L * i / references.count(), TOTAL);
            }
        }
        LongUnaryOperator movedTo = offset -> lowered.movedTo(packed.movedTo(offset));
        for (String root : core.rootNames()) {
            if (movedTo.applyAsLong(core.root(root)) != core.root(root)) {
                rewritten++;
            }
        }
        core.relocateMetadata(movedTo);
        long[] tops = core.lowerTop();
        progress.update(TOTAL, TOTAL);
        return new Result(packed.count() + lowered.count(), packed.bytes() + lowered.bytes(), rewritten,
                extentBefore, tops[1], prepared.mapNodes());
    }

    /** Moves the blocks at {@code blocks[0]} (sizes in {@code blocks[1]}), reporting progress from {@code start} to {@code end}. */
    private BlockMoves move(long[][] blocks, long start, long end) {
        BlockMoves moves = new BlockMoves();
        int[] order = moveOrder(blocks);
        for (int i : order) {
            moves.add(blocks[0][i], core.relocateBlock(blocks[0][i]), blocks[1][i]);
            if (moves.count() % PROGRESS_STEP == 0) {
                progress.update(start + (end - start) * moves.count() / order.length, TOTAL);
            }
        }
        moves.seal();
        return moves;
    }

    /** Chooses blocks by offset and size. */
    @FunctionalInterface
    private interface BlockFilter {
        boolean accept(long offset, long size);
    }

    /** The allocated blocks that {@code which} accepts: offsets, then sizes. */
    private long[][] blocks(BlockFilter which) {
        long[][] found = {new long[1024], new long[1024]};
        int[] count = {0};
        core.forEachBlock((offset, size) -> {
            if (which.accept(offset, size)) {
                if (count[0] == found[0].length) {
                    found[0] = Arrays.copyOf(found[0], count[0] * 2);
                    found[1] = Arrays.copyOf(found[1], count[0] * 2);
                }
                found[0][count[0]] = offset;
                found[1][count[0]++] = size;
            }
        });
        return new long[][] {Arrays.copyOf(found[0], count[0]), Arrays.copyOf(found[1], count[0])};
    }

    /** Blocks of whole pages first, largest first, for they need free runs; then the small ones in address order. */
    private static int[] moveOrder(long[][] blocks) {
        List<Integer> order = new ArrayList<>(blocks[0].length);
        for (int i = 0; i < blocks[0].length; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong((Integer i) -> blocks[1][i] >= HeapLayout.PAGE_SIZE ? -blocks[1][i] : 0)
                .thenComparingLong(i -> blocks[0][i]));
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Checks the heap, packs the leaves of its maps if {@code repack} (else counts the nodes that
     * would free), finds its references and plans.
     */
    private Prepared prepare(boolean repack) {
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
        long mapNodes = repack ? MapRepacking.run(core) : MapRepacking.freeable(core);
        HeapReferences references = HeapReferences.of(core);
        progress.update(600, TOTAL);
        return new Prepared(references, core.planCompaction(references.pinned()), mapNodes);
    }
}
