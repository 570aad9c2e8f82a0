package dev.ferrite.runtime.collection;

import static dev.ferrite.runtime.collection.NodeFormat.BRANCH_TYPE_ID;

import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Packs a sorted map's leaves full, for a compaction: deletes leave leaves partly empty (a node
 * merges with a neighbour only once the two fit in one with room to spare), and a compaction,
 * which moves blocks but not entries, would keep every partly empty leaf. The entries slide, in
 * key order, into the fewest leaves that hold them (the leaves they are in, leftmost first; the
 * rest are freed), and the branches are built again above them.
 *
 * <p>Entries move whole, key slot and payload: an out-of-line key or an owned value moves with
 * its slot and stays owned once. Every byte written is marked dirty. Like any write to the map, it
 * invalidates its cursors.
 */
public final class TreeRepacker {
    private final BPlusTree tree;
    private final BlockHeap heap;
    private final MemorySegment segment;
    private final int capacity;
    private final int entry;

    private TreeRepacker(BlockHeap heap, long header) {
        this.tree = BPlusTree.open(heap, header);
        this.heap = heap;
        this.segment = heap.segment();
        this.capacity = tree.capacity();
        this.entry = tree.slotSize() + 8;
    }

    /**
     * Packs the leaves of the map whose header is at {@code header}.
     *
     * @return the nodes freed, leaves and branches less the branches built again; 0 if the leaves
     *     were as few as their entries allow, which leaves the map as it was
     * @throws dev.ferrite.runtime.CorruptHeapException if a node is not where its parent says
     */
    public static long repack(BlockHeap heap, long header) {
        return new TreeRepacker(heap, header).run();
    }

    /**
     * The nodes {@link #repack} would free in the map whose header is at {@code header}, changing
     * nothing: for a compaction's plan.
     *
     * @throws dev.ferrite.runtime.CorruptHeapException if a node is not where its parent says
     */
    public static long freeable(BlockHeap heap, long header) {
        TreeRepacker repacker = new TreeRepacker(heap, header);
        Shape shape = repacker.shape();
        if (shape == null) {
            return 0;
        }
        return shape.leaves.length - shape.needed + shape.branchCount() - repacker.branchesAbove(shape.needed);
    }

    /**
     * The map's nodes, level by level, and the leaves its entries need; null if it has one leaf or
     * none, or its leaves are as few as its entries allow.
     */
    private record Shape(long[][] branches, long[] leaves, int needed) {
        long branchCount() {
            long count = 0;
            for (long[] level : branches) {
                count += level.length;
            }
            return count;
        }
    }

    private Shape shape() {
        int height = tree.height();
        if (height <= 1) {
            return null;
        }
        long[][] branches = new long[height - 1][];
        long[] level = {tree.checked(tree.root(), false)};
        for (int h = height; h > 1; h--) {
            branches[height - h] = level;
            level = children(level, h == 2);
        }
        int needed = tree.leafStrings() ? stringLeavesNeeded(level) : entryLeavesNeeded(level);
        return needed < level.length ? new Shape(branches, level, needed) : null;
    }

    private int entryLeavesNeeded(long[] leaves) {
        long entries = 0;
        for (long leaf : leaves) {
            entries += tree.count(leaf);
        }
        return (int) ((entries + capacity - 1) / capacity);
    }

    /** The leaves that entries of leaf strings fill in key order, each leaf taking as many as fit. */
    private int stringLeavesNeeded(long[] leaves) {
        int needed = 1;
        int filled = 0;
        int stride = tree.slotSize() + NodeFormat.STRING_PAYLOAD;
        for (long leaf : leaves) {
            int count = tree.count(leaf);
            for (int i = 0; i < count; i++) {
                int weight = stride + LeafStrings.valueSize(LeafStrings.code(segment, tree.leafPayloadAt(leaf, i)));
                if (filled + weight > NodeFormat.NODE_BYTES) {
                    needed++;
                    filled = 0;
                }
                filled += weight;
            }
        }
        return needed;
    }

    private long run() {
        Shape shape = shape();
        if (shape == null) {
            return 0;
        }
        long[] leaves = shape.leaves;
        if (tree.leafStrings()) {
            packStrings(leaves);
        } else {
            pack(leaves);
        }
        for (int i = shape.needed; i < leaves.length; i++) {
            heap.free(leaves[i]);
        }
        long freed = leaves.length - shape.needed;
        for (long[] nodes : shape.branches) {
            for (long branch : nodes) {
                int count = tree.count(branch);
                for (int i = 0; i < count; i++) {
                    tree.keys().release(tree.entryAt(branch, i));
                }
                heap.free(branch);
                freed++;
            }
        }
        freed -= build(Arrays.copyOf(leaves, shape.needed));
        return freed;
    }

    /** How many branches {@link #build} makes above {@code leaves} leaves. */
    private long branchesAbove(long leaves) {
        long built = 0;
        for (long nodes = leaves; nodes > 1; ) {
            nodes = (nodes + capacity) / (capacity + 1);
            built += nodes;
        }
        return built;
    }

    /** The children of the branches {@code nodes}, in key order, each checked to be a leaf if {@code leaves}, else a branch. */
    private long[] children(long[] nodes, boolean leaves) {
        long[] children = new long[0];
        int found = 0;
        for (long node : nodes) {
            int count = tree.count(node);
            if (found + count + 1 > children.length) {
                children = Arrays.copyOf(children, Math.max(2 * children.length, found + count + 1));
            }
            for (int i = 0; i <= count; i++) {
                children[found++] = tree.checked(tree.child(node, i), leaves);
            }
        }
        return Arrays.copyOf(children, found);
    }

    /**
     * Slides the entries into the leftmost leaves, each filled to capacity but the last. An entry
     * never lands on one not yet moved: the leaves before the one it leaves held no more than their
     * capacity, so it goes to an earlier leaf, or to an earlier place in its own.
     */
    private void pack(long[] leaves) {
        int target = 0;
        int filled = 0;
        for (long source : leaves) {
            int count = tree.count(source);
            int from = 0;
            while (from < count) {
                if (filled == capacity) {
                    tree.setCount(leaves[target], capacity);
                    target++;
                    filled = 0;
                }
                int moving = Math.min(count - from, capacity - filled);
                long to = tree.entryAt(leaves[target], filled);
                long at = tree.entryAt(source, from);
                if (to != at) {
                    MemorySegment.copy(segment, at, segment, to, (long) moving * entry);
                    heap.markDirty(to, (long) moving * entry);
                }
                filled += moving;
                from += moving;
            }
        }
        tree.setCount(leaves[target], filled);
    }

    /**
     * {@link #pack} for leaves of leaf strings, which fill by bytes: the entries go through a copy,
     * each leaf written with as many as fit once the copy holds more. A leaf is written only once
     * it was read: the leaves before it held no more than fits, so they filled no more leaves than
     * they were.
     */
    private void packStrings(long[] leaves) {
        LeafImage image = new LeafImage(tree.slotSize());
        int target = 0;
        for (long source : leaves) {
            image.add(segment, source, tree.count(source));
            while (image.weight(0, image.count()) > NodeFormat.NODE_BYTES) {
                int fitting = image.fitting();
                image.write(heap, leaves[target++], 0, fitting);
                image.removeFirst(fitting);
            }
        }
        if (image.count() > 0) {
            image.write(heap, leaves[target], 0, image.count());
        }
    }

    /**
     * Builds the branches above {@code leaves}, level by level, each level's nodes holding as even
     * a share of the level below as the fewest nodes can; returns how many it allocated.
     */
    private long build(long[] leaves) {
        long[] nodes = leaves;
        long[] lowest = leaves; // the leftmost leaf under each node: its first key separates it
        int height = 1;
        long built = 0;
        while (nodes.length > 1) {
            int parents = (nodes.length + capacity) / (capacity + 1);
            long[] up = new long[parents];
            long[] upLowest = new long[parents];
            int at = 0;
            for (int p = 0; p < parents; p++) {
                int children = nodes.length / parents + (p < nodes.length % parents ? 1 : 0);
                long branch = tree.newNode(BRANCH_TYPE_ID);
                tree.setFirstChild(branch, nodes[at]);
                for (int c = 1; c < children; c++) {
                    long slot = tree.entryAt(branch, c - 1);
                    tree.keys().duplicate(tree.entryAt(lowest[at + c], 0), segment, slot);
                    segment.set(LittleEndian.LONG, slot + tree.slotSize(), nodes[at + c]);
                }
                heap.markDirty(tree.entryAt(branch, 0), (long) (children - 1) * entry);
                tree.setCount(branch, children - 1);
                up[p] = branch;
                upLowest[p] = lowest[at];
                at += children;
                built++;
            }
            nodes = up;
            lowest = upLowest;
            height++;
        }
        tree.setRoot(nodes[0], height);
        return built;
    }
}
