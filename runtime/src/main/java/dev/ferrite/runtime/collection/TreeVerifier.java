package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.format.Reference;
import java.lang.foreign.MemorySegment;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the structure of a sorted map: every block headed with its kind, all leaves at the
 * height the header records, node fill within bounds (the rightmost leaf may hold a single entry,
 * since keys appended in ascending order leave full leaves behind it), keys strictly ascending within each node
 * and within the range its parent's separators allow (compared as decoded keys, independently of
 * the in-place comparison), the entry count, owned struct and string values of the right type, and
 * no block reachable twice.
 */
public final class TreeVerifier {
    private final BPlusTree tree;
    private final MemorySegment segment;
    private final MapHeader header;
    private final Set<Long> blocks = new HashSet<>();
    private final List<String> problems = new ArrayList<>();
    private long entries;
    private long nodes;

    /**
     * What a verification found.
     *
     * @param entries entries in the leaves
     * @param height the tree's height: 0 when empty, 1 when the root is a leaf
     * @param nodes nodes reached
     * @param blocks every block the map owns: header, nodes, key blocks, enum constant names, owned
     *     struct records and strings
     * @param problems what is wrong, empty for a sound map
     */
    public record Report(long entries, int height, long nodes, Set<Long> blocks, List<String> problems) {}

    private TreeVerifier(BlockHeap heap, long offset) {
        this.tree = BPlusTree.open(heap, offset);
        this.segment = heap.segment();
        this.header = MapHeader.read(segment, offset);
    }

    /** Verifies the map whose header is at {@code offset}. */
    public static Report verify(BlockHeap heap, long offset) {
        TreeVerifier verifier = new TreeVerifier(heap, offset);
        verifier.run(offset);
        return new Report(verifier.entries, verifier.tree.height(), verifier.nodes, Set.copyOf(verifier.blocks), List.copyOf(verifier.problems));
    }

    private void run(long offset) {
        blocks.add(offset);
        long mapBlock = tree.keys().mapBlock();
        if (mapBlock != 0) {
            if (mapBlock < 0 || mapBlock > segment.byteSize() - RecordHeader.SIZE
                    || RecordHeader.typeId(segment, mapBlock) != NodeFormat.CONSTANTS_TYPE_ID) {
                problems.add("header at " + offset + ": no block of enum constant names at " + mapBlock);
                return;
            }
            blocks.add(mapBlock);
        }
        long root = tree.root();
        int height = segment.get(LittleEndian.INT, offset + NodeFormat.HEIGHT);
        if (root == 0 || height == 0) {
            if (root != 0 || height != 0) {
                problems.add("header at " + offset + ": root " + root + " with height " + height);
            }
        } else if (height < 0 || height > NodeFormat.MAX_HEIGHT) {
            problems.add("header at " + offset + ": impossible height " + height);
        } else {
            node(root, height, -1, -1, true, true);
        }
        if (entries != tree.size()) {
            problems.add("header at " + offset + " counts " + tree.size() + " entries, the leaves hold " + entries);
        }
    }

    private void node(long node, int level, long lower, long upper, boolean root, boolean rightmost) {
        boolean leaf = level == 1;
        int expected = leaf ? NodeFormat.LEAF_TYPE_ID : NodeFormat.BRANCH_TYPE_ID;
        if (node <= 0 || node > segment.byteSize() - NodeFormat.NODE_SIZE
                || RecordHeader.typeId(segment, node) != expected) {
            problems.add("no " + (leaf ? "leaf" : "branch") + " at offset " + node + " (level " + level + ")");
            return;
        }
        if (!blocks.add(node)) {
            problems.add("node at offset " + node + " is reached twice");
            return;
        }
        nodes++;
        int count = tree.count(node);
        if (leaf && tree.leafStrings()) {
            if (!stringLeafFill(node, count, root || rightmost)) {
                return;
            }
        } else {
            int least = root || (leaf && rightmost) ? 1 : tree.minimum();
            if (count < least || count > tree.capacity()) {
                problems.add("node at offset " + node + " holds " + count + " entries, outside " + least + ".."
                        + tree.capacity());
                return;
            }
        }
        try {
            keys(node, count, lower, upper, leaf);
        } catch (FerriteException | IndexOutOfBoundsException e) {
            problems.add("node at offset " + node + ": " + e.getMessage());
            return;
        }
        if (leaf) {
            entries += count;
            if (tree.leafStrings()) {
                leafStrings(node, count);
                return;
            }
            for (int i = 0; i < count; i++) {
                value(segment.get(LittleEndian.LONG, tree.payloadAt(node, i)), node, i);
            }
            return;
        }
        node(tree.child(node, 0), level - 1, lower, tree.entryAt(node, 0), false, false);
        for (int i = 0; i < count; i++) {
            long next = i + 1 < count ? tree.entryAt(node, i + 1) : upper;
            node(tree.child(node, i + 1), level - 1, tree.entryAt(node, i), next, false, rightmost && i + 1 == count);
        }
    }

    private void keys(long node, int count, long lower, long upper, boolean leaf) {
        KeyFormat keys = tree.keys();
        for (int i = 0; i < count; i++) {
            long key = slotAt(node, i, leaf);
            long block = keys.outOfLine(key);
            if (block != 0 && !blocks.add(block)) {
                problems.add("key block at offset " + block + " is shared");
            }
            String problem = keys.slotProblem(key);
            if (problem != null) {
                problems.add("node at offset " + node + ": " + problem);
            }
            if (i > 0 && keys.compareSlots(slotAt(node, i - 1, leaf), key) >= 0) {
                problems.add("node at offset " + node + ": key " + i + " is not above key " + (i - 1));
            }
        }
        if (lower >= 0 && keys.compareSlots(lower, slotAt(node, 0, leaf)) > 0) {
            problems.add("node at offset " + node + ": first key is below its parent's separator");
        }
        if (upper >= 0 && keys.compareSlots(slotAt(node, count - 1, leaf), upper) >= 0) {
            problems.add("node at offset " + node + ": last key is not below its parent's next separator");
        }
    }

    private long slotAt(long node, int index, boolean leaf) {
        return leaf ? tree.leafEntryAt(node, index) : tree.entryAt(node, index);
    }

    /**
     * Checks that a leaf of leaf strings holds between a third of a node's bytes (one entry for the
     * root and the rightmost leaf) and a node's bytes, its entries below its values; returns
     * whether it does.
     */
    private boolean stringLeafFill(long leaf, int count, boolean edge) {
        int weight;
        int start;
        try {
            weight = tree.leafWeight(leaf);
            start = tree.valueStart(leaf);
        } catch (FerriteException e) {
            problems.add(e.getMessage());
            return false;
        }
        if ((leaf & (NodeFormat.NODE_SIZE - 1)) != 0) {
            problems.add("leaf at offset " + leaf + " is not on a page boundary, where its values' offsets count from");
            return false;
        }
        int least = edge ? 0 : NodeFormat.NODE_BYTES / 3;
        if (count < 1 || weight < least || weight > NodeFormat.NODE_BYTES) {
            problems.add("leaf at offset " + leaf + " holds " + count + " entries in " + weight + " bytes, outside "
                    + least + ".." + NodeFormat.NODE_BYTES);
            return false;
        }
        if (tree.leafEntryAt(leaf, count) > leaf + start) {
            problems.add("leaf at offset " + leaf + ": its " + count + " entries run into its values at offset " + start);
            return false;
        }
        return true;
    }

    /**
     * Checks the values of a leaf of leaf strings: each within the leaf's values, none overlapping
     * another, valid UTF-8, as many bytes as the leaf counts; strings kept out of line are heap
     * strings owned once.
     */
    private void leafStrings(long leaf, int count) {
        int start = tree.valueStart(leaf);
        long[] ranges = new long[count];
        int ranged = 0;
        int used = 0;
        for (int i = 0; i < count; i++) {
            long payload = tree.leafPayloadAt(leaf, i);
            int code = LeafStrings.code(segment, payload);
            int offset = LeafStrings.offset(segment, payload);
            int size = LeafStrings.valueSize(code);
            String where = "leaf at offset " + leaf + ", entry " + i + ": ";
            if (!LeafStrings.validCode(code)) {
                problems.add(where + "length code " + code + " is longer than a leaf keeps");
                continue;
            }
            used += size;
            if (size == 0) {
                continue;
            }
            if (offset < start || offset + size > NodeFormat.NODE_SIZE) {
                problems.add(where + "its " + size + " value bytes at offset " + offset + " are outside the leaf's values, "
                        + start + ".." + NodeFormat.NODE_SIZE);
                continue;
            }
            ranges[ranged++] = (long) offset << 32 | (offset + size);
            if (code == NodeFormat.OUT_OF_LINE) {
                long string = LeafStrings.outOfLine(segment, payload);
                if (string == 0) {
                    problems.add(where + "its string kept out of line is at offset 0");
                } else {
                    value(string, leaf, i);
                }
            } else if ((code & NodeFormat.COMPRESSED) != 0) {
                byte[] raw = StringCompression.decompress(segment, leaf + offset, size);
                if (raw == null) {
                    problems.add(where + "its compressed value of " + size + " bytes is damaged");
                } else if (!validUtf8(MemorySegment.ofArray(raw), 0, raw.length)) {
                    problems.add(where + "its value is not valid UTF-8");
                }
            } else if (!validUtf8(segment, leaf + offset, size)) {
                problems.add(where + "its value is not valid UTF-8");
            }
        }
        Arrays.sort(ranges, 0, ranged);
        for (int i = 1; i < ranged; i++) {
            if ((int) ranges[i - 1] > (int) (ranges[i] >>> 32)) {
                problems.add("leaf at offset " + leaf + ": two values overlap at offset " + (ranges[i] >>> 32));
            }
        }
        int counted = tree.valueBytes(leaf);
        if (counted != used) {
            problems.add("leaf at offset " + leaf + " counts " + counted + " value bytes, its entries use " + used);
        }
    }

    private static boolean validUtf8(MemorySegment bytes, long at, int size) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(bytes.asSlice(at, size).asByteBuffer());
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private void value(long payload, long node, int index) {
        ValueKind kind = header.values();
        if (kind == ValueKind.LONG || kind == ValueKind.DOUBLE || (payload == 0 && kind != ValueKind.STRUCT)) {
            return;
        }
        String problem = OwnedValues.problem(segment, kind, header.valueTypeId(), payload);
        if (problem != null) {
            problems.add("leaf at offset " + node + ", entry " + index + ": " + problem);
        } else if (kind.owned() && !blocks.add(Reference.offset(payload))) {
            problems.add(kind.name().toLowerCase() + " value at offset " + Reference.offset(payload) + " is owned twice");
        }
    }
}
