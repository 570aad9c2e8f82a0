package dev.ferrite.runtime.collection;

import static dev.ferrite.runtime.collection.NodeFormat.BRANCH_TYPE_ID;
import static dev.ferrite.runtime.collection.NodeFormat.CONSTANTS;
import static dev.ferrite.runtime.collection.NodeFormat.COUNT;
import static dev.ferrite.runtime.collection.NodeFormat.ENTRIES;
import static dev.ferrite.runtime.collection.NodeFormat.FIRST_CHILD;
import static dev.ferrite.runtime.collection.NodeFormat.HEIGHT;
import static dev.ferrite.runtime.collection.NodeFormat.LEAF_TYPE_ID;
import static dev.ferrite.runtime.collection.NodeFormat.MAX_HEIGHT;
import static dev.ferrite.runtime.collection.NodeFormat.NODE_BYTES;
import static dev.ferrite.runtime.collection.NodeFormat.NODE_SIZE;
import static dev.ferrite.runtime.collection.NodeFormat.NULL_STRING;
import static dev.ferrite.runtime.collection.NodeFormat.OUT_OF_LINE;
import static dev.ferrite.runtime.collection.NodeFormat.ROOT;
import static dev.ferrite.runtime.collection.NodeFormat.SIZE;
import static dev.ferrite.runtime.collection.NodeFormat.STRING_PAYLOAD;
import static dev.ferrite.runtime.collection.NodeFormat.VALUE_BYTES;
import static dev.ferrite.runtime.collection.NodeFormat.VALUE_START;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;

/**
 * A B+ tree of fixed-size entries (a key slot and an 8-byte payload) in heap blocks: the engine
 * of the sorted map. Writes act on the search key last prepared in {@link #keys()}; reads take a
 * search key of their own.
 *
 * <p>Nothing about the tree is cached in this object: the root, size and height are read from
 * the header block on every operation, so a rollback of the heap leaves no stale state behind.
 * Every byte written is reported to {@link BlockHeap#markDirty} with its exact range.
 *
 * <p>Reads ({@link #lookup}, {@link #size}, and {@link TreeCursor}s, each of its own) keep their
 * state on the stack or in objects of their own, so any number of threads may read at once while
 * no thread writes. Writes ({@link #insert}, {@link #delete}, {@link #clear}) reuse the search key
 * of {@link #keys()}, the descent path and the scratch buffers: one writer at a time, and no
 * reader while it writes.
 */
public final class BPlusTree {
    private final BlockHeap heap;
    private final MemorySegment segment;
    private final KeyFormat keys;
    private final long header;
    private final ValueKind values;
    private final int slot;
    /** Bytes of a branch entry: a key slot and a child. */
    private final int entry;
    /** Whether the leaves keep the string values in themselves ({@link NodeFormat#LEAF_STRINGS}). */
    private final boolean leafStrings;
    /** Bytes of a leaf entry: {@link #entry}, or a key slot and a {@link LeafStrings} payload. */
    private final int leafEntry;
    private final int capacity;
    private final int minimum;
    /** Below this many entries a leaf is merged into its neighbours where they have the room. */
    private final int leafTarget;
    /**
     * The most entries a merge leaves in a leaf: a sixteenth below capacity, so that a leaf split
     * in two is not merged back by the next removal and split again by the next insertion.
     */
    private final int mergedMost;

    private final long[] pathNode = new long[MAX_HEIGHT];
    private final int[] pathChild = new int[MAX_HEIGHT];
    /** Entries of two siblings and their separator, laid out as in a node, for rebalancing. */
    private final MemorySegment scratch;
    /** A key slot on its way up to a parent; owns its out-of-line block. */
    private MemorySegment separator;
    private MemorySegment spareSeparator;

    /** The entries of the leaves a write of leaf strings rearranges; null in other trees. */
    private final LeafImage image;

    private boolean created;
    /** Counts the writes of leaf strings that moved entries between leaves, which cursors do not survive. */
    private int reshapes;
    private long removedPayload;
    /** The length code and bytes of the value the last removal or replacement of a leaf string took. */
    private int removedCode;
    private byte[] removedBytes = new byte[0];
    private String removedOutOfLine;
    /** Codes the strings a writer stores; made on the first. */
    private StringCompression compression;

    private BPlusTree(BlockHeap heap, KeyFormat keys, long header, MapHeader found) {
        this.heap = heap;
        this.segment = heap.segment();
        this.keys = keys;
        this.header = header;
        this.values = found.values();
        this.slot = keys.slotSize();
        this.entry = slot + 8;
        this.leafStrings = found.leafStrings();
        this.leafEntry = leafStrings ? slot + STRING_PAYLOAD : entry;
        this.image = leafStrings ? new LeafImage(slot) : null;
        this.capacity = NodeFormat.capacity(slot);
        this.minimum = capacity / 3;
        this.leafTarget = capacity * 2 / 3;
        this.mergedMost = capacity - capacity / 16;
        this.scratch = MemorySegment.ofArray(new byte[(2 * capacity + 2) * entry]);
        this.separator = MemorySegment.ofArray(new byte[slot]);
        this.spareSeparator = MemorySegment.ofArray(new byte[slot]);
    }

    /**
     * Allocates the header of a new, empty map and returns its offset.
     *
     * @param valueTypeId the type id of reference and struct values, 0 for the others
     */
    public static long create(BlockHeap heap, int keyCode, ValueKind values, int valueTypeId) {
        MemorySegment segment = heap.segment();
        int headerSize = NodeFormat.headerSize(keyCode);
        long header = heap.allocate(headerSize);
        RecordHeader.write(segment, header, NodeFormat.MAP_TYPE_ID, NodeFormat.VERSION);
        segment.set(LittleEndian.BYTE, header + NodeFormat.KEY_KIND, (byte) keyCode);
        // maps of strings keep them in their leaves since this release; lists keep heap strings
        int valueCode = values == ValueKind.STRING ? NodeFormat.LEAF_STRINGS : values.code();
        segment.set(LittleEndian.BYTE, header + NodeFormat.VALUE_KIND, (byte) valueCode);
        segment.set(LittleEndian.INT, header + NodeFormat.VALUE_TYPE, valueTypeId);
        heap.markDirty(header, headerSize);
        return header;
    }

    /**
     * A tree over the map header at {@code header}.
     *
     * @throws IllegalArgumentException if no sorted map header is there
     */
    public static BPlusTree open(BlockHeap heap, long header) {
        MapHeader found = MapHeader.read(heap.segment(), header);
        long size = heap.segment().get(LittleEndian.LONG, header + SIZE);
        long root = heap.segment().get(LittleEndian.LONG, header + ROOT);
        if (size < 0 || (root == 0) != (size == 0)) {
            // Checked here because size() feeds the map's size() and iterators; the verifier checks it against the leaves.
            throw new CorruptHeapException("sorted map at offset " + header + " counts " + size + " entries with "
                    + (root == 0 ? "no root node" : "a root node at offset " + root));
        }
        return new BPlusTree(heap, KeyFormat.of(found.keyCode(), heap, header), header, found);
    }

    /** The key format whose search key the operations use. */
    public KeyFormat keys() {
        return keys;
    }

    /** The offset of the header block. */
    public long header() {
        return header;
    }

    /** The heap's segment, where payload addresses point. */
    public MemorySegment segment() {
        return segment;
    }

    /** Number of entries. */
    public long size() {
        return segment.get(LittleEndian.LONG, header + SIZE);
    }

    long root() {
        return segment.get(LittleEndian.LONG, header + ROOT);
    }

    /**
     * The payloads of the entries of the leaf at {@code leaf}, in key order: for tools that walk
     * a map's values without knowing its types.
     *
     * @throws CorruptHeapException if the leaf claims more entries than a node holds
     */
    public long[] payloads(long leaf) {
        long[] payloads = new long[count(leaf)];
        for (int i = 0; i < payloads.length; i++) {
            payloads[i] = leafStrings
                    ? stringBlockAt(leafPayloadAt(leaf, i))
                    : segment.get(LittleEndian.LONG, payloadAt(leaf, i));
        }
        return payloads;
    }

    /** Whether the leaves keep the map's string values in themselves. */
    public boolean leafStrings() {
        return leafStrings;
    }

    /** The heap string that the leaf string payload at {@code payload} refers to, 0 for a value kept in the leaf. */
    private long stringBlockAt(long payload) {
        return LeafStrings.code(segment, payload) == OUT_OF_LINE ? LeafStrings.outOfLine(segment, payload) : 0;
    }

    /**
     * Calls {@code visitor} with every word of the map's blocks that holds the offset of a block
     * (the root, the children of branches, out-of-line keys, the constants of enum keys, and values
     * that are records or strings) and every long value.
     *
     * @throws CorruptHeapException if a node is not where its parent says, or claims too many entries
     */
    public void forEachReference(ReferenceSlots visitor) {
        visitor.slot(header + ROOT);
        if (keys.code() == KeyFormat.ENUM) {
            visitor.slot(header + CONSTANTS);
        }
        if (root() == 0) {
            return;
        }
        ArrayDeque<long[]> pending = new ArrayDeque<>();
        pending.push(new long[] {root(), height()});
        while (!pending.isEmpty()) {
            long[] next = pending.pop();
            long node = next[0];
            boolean leaf = next[1] == 1;
            checked(node, leaf);
            if (!leaf) {
                visitor.slot(node + FIRST_CHILD);
                pending.push(new long[] {child(node, 0), next[1] - 1});
            }
            int count = count(node);
            for (int i = 0; i < count; i++) {
                long outOfLine = keys.outOfLineReference(leaf ? leafEntryAt(node, i) : entryAt(node, i));
                if (outOfLine >= 0) {
                    visitor.slot(outOfLine);
                }
                long payload = leaf ? leafPayloadAt(node, i) : payloadAt(node, i);
                if (!leaf) {
                    visitor.slot(payload);
                    pending.push(new long[] {segment.get(LittleEndian.LONG, payload), next[1] - 1});
                } else if (leafStrings) {
                    if (LeafStrings.code(segment, payload) == OUT_OF_LINE) {
                        visitor.slot(LeafStrings.valueAddress(segment, payload, 8));
                    }
                } else if (values == ValueKind.LONG) {
                    visitor.number(payload);
                } else if (values != ValueKind.DOUBLE) {
                    visitor.slot(payload);
                }
            }
        }
    }

    int height() {
        int height = segment.get(LittleEndian.INT, header + HEIGHT);
        if (height < 0 || height > MAX_HEIGHT) {
            throw new CorruptHeapException("sorted map at offset " + header + " has height " + height);
        }
        return height;
    }

    int capacity() {
        return capacity;
    }

    int minimum() {
        return minimum;
    }

    int slotSize() {
        return slot;
    }

    // ---- node access

    int count(long node) {
        int count = segment.get(LittleEndian.INT, node + COUNT);
        if (count < 0 || count > NODE_BYTES / leafEntry) {
            throw new CorruptHeapException(
                    "sorted map at offset " + header + ": node at offset " + node + " claims " + count + " entries");
        }
        return count;
    }

    long entryAt(long node, int index) {
        return node + ENTRIES + (long) index * entry;
    }

    long payloadAt(long node, int index) {
        return entryAt(node, index) + slot;
    }

    /** Where entry {@code index} of a leaf starts: leaf entries of leaf strings are shorter than a branch's. */
    long leafEntryAt(long leaf, int index) {
        return leaf + ENTRIES + (long) index * leafEntry;
    }

    long leafPayloadAt(long leaf, int index) {
        return leafEntryAt(leaf, index) + slot;
    }

    long child(long node, int index) {
        return segment.get(LittleEndian.LONG, index == 0 ? node + FIRST_CHILD : payloadAt(node, index - 1));
    }

    /** Checks that {@code node} is a node of the expected kind and returns it. */
    long checked(long node, boolean leaf) {
        int expected = leaf ? LEAF_TYPE_ID : BRANCH_TYPE_ID;
        if (node <= 0 || node > segment.byteSize() - NODE_SIZE || RecordHeader.typeId(segment, node) != expected) {
            throw new CorruptHeapException(
                    "sorted map at offset " + header + ": no " + (leaf ? "leaf" : "branch") + " node at offset " + node);
        }
        if (!leaf && segment.get(LittleEndian.INT, node + COUNT) > capacity) {
            // leaves of leaf strings hold more entries than a branch: count() allows for them
            throw new CorruptHeapException("sorted map at offset " + header + ": branch at offset " + node + " claims "
                    + segment.get(LittleEndian.INT, node + COUNT) + " entries");
        }
        return node;
    }

    /** Index of the search key of {@code key} in the branch, or {@code -(insertion point) - 1}. */
    int search(KeyFormat key, long node) {
        return key.search(node + ENTRIES, count(node), entry);
    }

    /** Index of the search key of {@code key} in the leaf, or {@code -(insertion point) - 1}. */
    int searchLeaf(KeyFormat key, long leaf) {
        return key.search(leaf + ENTRIES, count(leaf), leafEntry);
    }

    /** Index of the child of a branch whose range holds the search key of {@code key}. */
    int childIndex(KeyFormat key, long branch) {
        int found = search(key, branch);
        return found >= 0 ? found + 1 : -(found + 1);
    }

    // ---- operations

    /**
     * The address of the payload stored under the search key of {@code search}, or -1 if the key
     * is absent. Keeps no state in the tree: pass {@link #keys()} from the writer, a format
     * instance of its own from a reader.
     */
    public long lookup(KeyFormat search) {
        long node = root();
        if (node == 0) {
            return -1;
        }
        for (int level = height(); level > 1; level--) {
            node = child(checked(node, false), childIndex(search, node));
        }
        int found = searchLeaf(search, checked(node, true));
        return found >= 0 ? leafPayloadAt(node, found) : -1;
    }

    /**
     * {@link #lookup} for a tree of {@code long} keys, without a search object: the address of the
     * payload stored under {@code key}, or -1 if the key is absent.
     *
     * <p>Each node is searched with the separator that follows it in its parent as the bound of its
     * keys ({@link LongKeyFormat#searchBelow}), so that the search reads the node's first cache
     * line and the few around the key, not its last one too.
     *
     * @throws IllegalStateException if the tree's keys are not longs
     */
    public long lookupLong(long key) {
        if (!(keys instanceof LongKeyFormat)) {
            throw new IllegalStateException("sorted map at offset " + header + " has no long keys");
        }
        MemorySegment s = segment;
        long node = root();
        if (node == 0) {
            return -1;
        }
        // the root has no bound from a parent: its last key serves instead
        long bound = Long.MAX_VALUE;
        boolean bounded = false;
        for (int level = height(); level > 1; level--) {
            int count = count(checked(node, false));
            long entries = node + ENTRIES;
            int found = bounded
                    ? LongKeyFormat.searchBelow(s, entries, count, entry, key, bound)
                    : LongKeyFormat.searchLong(s, entries, count, entry, key);
            int child = found >= 0 ? found + 1 : -(found + 1);
            if (child < count) {
                bound = s.get(LittleEndian.LONG, entryAt(node, child));
                bounded = true;
            }
            node = child(node, child);
        }
        int count = count(checked(node, true));
        int found = bounded
                ? LongKeyFormat.searchBelow(s, node + ENTRIES, count, leafEntry, key, bound)
                : LongKeyFormat.searchLong(s, node + ENTRIES, count, leafEntry, key);
        return found >= 0 ? leafPayloadAt(node, found) : -1;
    }

    /**
     * The address of the payload under the search key, inserting the key with a zero payload if it
     * is absent; {@link #created()} tells which.
     */
    public long insert() {
        if (leafStrings) {
            throw new IllegalStateException("sorted map at offset " + header + " keeps its strings in its leaves");
        }
        int depth = descendForInsert();
        long leaf = pathNode[depth];
        int found = searchLeaf(keys, leaf);
        if (found >= 0) {
            created = false;
            return payloadAt(leaf, found);
        }
        created = true;
        setSize(size() + 1);
        return insertIntoLeaf(depth, leaf, -(found + 1));
    }

    /** Whether the last {@link #insert()} added the key. */
    public boolean created() {
        return created;
    }

    /**
     * Removes the search key; returns whether it was present. The payload it had is then in
     * {@link #removedPayload()}; freeing what it points at is the caller's business.
     */
    public boolean delete() {
        long root = root();
        if (root == 0) {
            return false;
        }
        int depth = descend(root);
        long leaf = pathNode[depth];
        int found = searchLeaf(keys, leaf);
        if (found < 0) {
            return false;
        }
        int count = count(leaf) - 1;
        if (leafStrings) {
            removeLeafString(leaf, found, count + 1);
        } else {
            long at = entryAt(leaf, found);
            removedPayload = segment.get(LittleEndian.LONG, at + slot);
            keys.release(at);
            closeGap(leaf, found, count + 1);
        }
        setSize(size() - 1);
        if (depth == 0) {
            if (count == 0) {
                heap.free(leaf);
                setRoot(0, 0);
            }
        } else if (leafStrings) {
            if (leafWeight(leaf) < NODE_BYTES * 2 / 3) {
                stringLeafUnderfull(depth, leafEntry + LeafStrings.valueSize(removedCode));
            }
        } else if (count < leafTarget && !mergeLeaf(depth) && count < minimum) {
            rebalance(depth, true);
        }
        return true;
    }

    /** The payload of the entry the last successful {@link #delete()} removed. */
    public long removedPayload() {
        return removedPayload;
    }

    /** Removes every entry, freeing all nodes, key blocks, owned struct records and strings. */
    public void clear() {
        long root = root();
        if (root != 0) {
            freeSubtree(root, height());
            setRoot(0, 0);
            setSize(0);
        }
    }

    /** Clears the map and frees its header: the handle is invalid afterwards. */
    public void destroy() {
        long mapBlock = keys.mapBlock();
        clear();
        if (mapBlock != 0) {
            heap.free(mapBlock);
        }
        heap.free(header);
    }

    private void freeSubtree(long node, int level) {
        boolean leaf = level == 1;
        checked(node, leaf);
        int count = count(node);
        if (!leaf) {
            freeSubtree(child(node, 0), level - 1);
        }
        for (int i = 0; i < count; i++) {
            if (leaf && leafStrings) {
                keys.release(leafEntryAt(node, i));
                long block = stringBlockAt(leafPayloadAt(node, i));
                if (block != 0) {
                    heap.free(block);
                }
                continue;
            }
            keys.release(entryAt(node, i));
            long payload = segment.get(LittleEndian.LONG, payloadAt(node, i));
            if (!leaf) {
                freeSubtree(payload, level - 1);
            } else if (values.owned() && payload != 0) {
                heap.free(payload);
            }
        }
        heap.free(node);
    }

    /** {@link #descend}s to the search key's leaf, making an empty map's root leaf first. */
    private int descendForInsert() {
        long root = root();
        if (root == 0) {
            root = newNode(LEAF_TYPE_ID);
            setRoot(root, 1);
        }
        return descend(root);
    }

    /** Walks from {@code root} to the search key's leaf, recording the path; returns the leaf's depth. */
    private int descend(long root) {
        long node = root;
        int depth = 0;
        for (int level = height(); level > 1; level--) {
            int child = childIndex(keys, checked(node, false));
            pathNode[depth] = node;
            pathChild[depth] = child;
            depth++;
            node = child(node, child);
        }
        pathNode[depth] = checked(node, true);
        return depth;
    }

    // ---- insertion

    private long insertIntoLeaf(int depth, long leaf, int position) {
        int count = count(leaf);
        if (count < capacity) {
            return insertKey(leaf, position, count);
        }
        long right = newNode(LEAF_TYPE_ID);
        if (position == count && rightmost(depth)) {
            // keys arriving in ascending order: leave this leaf full rather than half empty
            long payload = insertKey(right, 0, 0);
            keys.duplicate(entryAt(right, 0), separator, 0);
            insertIntoParent(depth - 1, leaf, right);
            return payload;
        }
        int half = (capacity + 1) / 2;
        long target;
        int at;
        if (position < half) {
            moveEntries(leaf, half - 1, count, right);
            setCount(leaf, half - 1);
            target = leaf;
            at = position;
        } else {
            moveEntries(leaf, half, count, right);
            setCount(leaf, half);
            target = right;
            at = position - half;
        }
        long payload = insertKey(target, at, count(target));
        keys.duplicate(entryAt(right, 0), separator, 0);
        insertIntoParent(depth - 1, leaf, right);
        return payload;
    }

    /** Whether the path down to {@code depth} always took the last child. */
    private boolean rightmost(int depth) {
        for (int level = 0; level < depth; level++) {
            if (pathChild[level] != count(pathNode[level])) {
                return false;
            }
        }
        return true;
    }

    /** Inserts the search key with a zero payload at {@code index} of a node that has room. */
    private long insertKey(long node, int index, int count) {
        long at = openGap(node, index, count);
        keys.store(segment, at);
        segment.set(LittleEndian.LONG, at + slot, 0L);
        heap.markDirty(at, (long) (count + 1 - index) * entry);
        setCount(node, count + 1);
        return at + slot;
    }

    /** Inserts {@link #separator} with {@code right} as the child after it into the parent at {@code level}. */
    private void insertIntoParent(int level, long left, long right) {
        if (level < 0) {
            long root = newNode(BRANCH_TYPE_ID);
            setFirstChild(root, left);
            insertSeparator(root, 0, 0, right);
            setRoot(root, height() + 1);
            return;
        }
        long parent = pathNode[level];
        int index = pathChild[level];
        int count = count(parent);
        if (count < capacity) {
            insertSeparator(parent, index, count, right);
            return;
        }
        long sibling = newNode(BRANCH_TYPE_ID);
        int middle = (capacity + 1) / 2;
        if (index < middle) {
            MemorySegment.copy(segment, entryAt(parent, middle - 1), spareSeparator, 0, slot);
            setFirstChild(sibling, segment.get(LittleEndian.LONG, payloadAt(parent, middle - 1)));
            moveEntries(parent, middle, count, sibling);
            setCount(parent, middle - 1);
            insertSeparator(parent, index, middle - 1, right);
        } else if (index == middle) {
            MemorySegment.copy(separator, 0, spareSeparator, 0, slot);
            setFirstChild(sibling, right);
            moveEntries(parent, middle, count, sibling);
            setCount(parent, middle);
        } else {
            MemorySegment.copy(segment, entryAt(parent, middle), spareSeparator, 0, slot);
            setFirstChild(sibling, segment.get(LittleEndian.LONG, payloadAt(parent, middle)));
            moveEntries(parent, middle + 1, count, sibling);
            setCount(parent, middle);
            insertSeparator(sibling, index - middle - 1, count(sibling), right);
        }
        MemorySegment up = spareSeparator;
        spareSeparator = separator;
        separator = up;
        insertIntoParent(level - 1, parent, sibling);
    }

    private void insertSeparator(long branch, int index, int count, long right) {
        long at = openGap(branch, index, count);
        MemorySegment.copy(separator, 0, segment, at, slot);
        segment.set(LittleEndian.LONG, at + slot, right);
        heap.markDirty(at, (long) (count + 1 - index) * entry);
        setCount(branch, count + 1);
    }

    /** Shifts entries {@code index..count-1} up by one; returns the address of the gap. */
    private long openGap(long node, int index, int count) {
        long at = entryAt(node, index);
        MemorySegment.copy(segment, at, segment, at + entry, (long) (count - index) * entry);
        return at;
    }

    /** Copies entries {@code from..to-1} of {@code source} to the start of the empty node {@code target}. */
    private void moveEntries(long source, int from, int to, long target) {
        long bytes = (long) (to - from) * entry;
        MemorySegment.copy(segment, entryAt(source, from), segment, entryAt(target, 0), bytes);
        heap.markDirty(entryAt(target, 0), bytes);
        setCount(target, to - from);
    }

    // ---- removal

    /** Shifts entries {@code index+1..count-1} down over entry {@code index}. */
    private void closeGap(long node, int index, int count) {
        long at = entryAt(node, index);
        long bytes = (long) (count - 1 - index) * entry;
        if (bytes > 0) {
            MemorySegment.copy(segment, at + entry, segment, at, bytes);
            heap.markDirty(at, bytes);
        }
        setCount(node, count - 1);
    }

    /** Refills the under-full node at {@code depth} from a sibling, or merges the two. */
    private void rebalance(int depth, boolean leaf) {
        long parent = pathNode[depth - 1];
        int index = pathChild[depth - 1];
        boolean merged = index > 0
                ? balancePair(parent, index - 1, child(parent, index - 1), pathNode[depth], leaf)
                : balancePair(parent, 0, pathNode[depth], checked(child(parent, 1), leaf), leaf);
        if (merged) {
            parentLostEntry(depth - 1);
        }
    }

    /**
     * Merges the leaf at {@code depth} into a neighbour that has room for all its entries or,
     * failing that, empties one of three neighbouring leaves around it into the other two if they
     * have the room together; returns whether it did.
     *
     * <p>A random half of a map's keys deleted leaves every leaf about half full, and a leaf that
     * is merely evened out with a neighbour stays so. Merging whenever the entries fit in fewer
     * leaves keeps them fuller, and a merge frees a whole page, which goes back to the file system:
     * removing a random half of a map's keys leaves its leaves about three quarters full, or nine
     * tenths when the keys go in ascending order (the windows of three that end at the leaf catch
     * the half-empty leaves that such removals leave behind them).
     */
    private boolean mergeLeaf(int depth) {
        long parent = pathNode[depth - 1];
        int index = pathChild[depth - 1];
        int last = count(parent);
        int count = count(pathNode[depth]);
        if (index > 0 && leafCount(parent, index - 1) + count <= mergedMost) {
            balancePair(parent, index - 1, child(parent, index - 1), pathNode[depth], true);
        } else if (index < last && count + leafCount(parent, index + 1) <= mergedMost) {
            balancePair(parent, index, pathNode[depth], child(parent, index + 1), true);
        } else if (index > 0 && index < last && fitInTwo(parent, index)) {
            shareOut(parent, index);
        } else if (index > 1 && fitInTwo(parent, index - 1)) {
            shareOut(parent, index - 1);
        } else if (index + 1 < last && fitInTwo(parent, index + 1)) {
            shareOut(parent, index + 1);
        } else {
            return false;
        }
        parentLostEntry(depth - 1);
        return true;
    }

    private int leafCount(long parent, int index) {
        return count(checked(child(parent, index), true));
    }

    /** Whether the leaves around child {@code middle} of {@code parent} fit in two. */
    private boolean fitInTwo(long parent, int middle) {
        return leafCount(parent, middle - 1) + leafCount(parent, middle) + leafCount(parent, middle + 1) <= 2 * mergedMost;
    }

    /**
     * Moves the entries of the leaf that is child {@code middle} of {@code parent} into its two
     * neighbours, evening them out, and frees it.
     */
    private void shareOut(long parent, int middle) {
        long left = child(parent, middle - 1);
        long leaf = child(parent, middle);
        long right = child(parent, middle + 1);
        int total = 0;
        for (long node : new long[] {left, leaf, right}) {
            int count = count(node);
            MemorySegment.copy(segment, entryAt(node, 0), scratch, (long) total * entry, (long) count * entry);
            total += count;
        }
        int half = total / 2;
        copyFromScratch(0, half, left, 0);
        setCount(left, half);
        copyFromScratch(half, total, right, 0);
        setCount(right, total - half);
        long removed = entryAt(parent, middle - 1);
        long kept = entryAt(parent, middle);
        keys.release(removed);
        keys.release(kept);
        keys.duplicate(entryAt(right, 0), segment, kept);
        heap.markDirty(kept, slot);
        closeGap(parent, middle - 1, count(parent));
        heap.free(leaf);
    }

    /** After a merge of two of its children: shrinks the tree if the root at {@code depth} has one child left, or rebalances the branch. */
    private void parentLostEntry(int depth) {
        long parent = pathNode[depth];
        int count = count(parent);
        if (depth == 0) {
            if (count == 0) {
                setRoot(child(parent, 0), height() - 1);
                heap.free(parent);
            }
        } else if (count < minimum) {
            rebalance(depth, false);
        }
    }

    /**
     * Evens out the adjacent nodes {@code left} and {@code right} around separator {@code
     * separatorIndex} of {@code parent}, or merges them into {@code left} if one node can hold all;
     * returns whether they merged (and so {@code parent} lost an entry).
     */
    private boolean balancePair(long parent, int separatorIndex, long left, long right, boolean leaf) {
        checked(left, leaf);
        int leftCount = count(left);
        int rightCount = count(right);
        long separatorSlot = entryAt(parent, separatorIndex);
        MemorySegment.copy(segment, entryAt(left, 0), scratch, 0, (long) leftCount * entry);
        int total = leftCount;
        if (!leaf) {
            // the separator comes down between the two, with the right node's first child
            long at = (long) total * entry;
            MemorySegment.copy(segment, separatorSlot, scratch, at, slot);
            scratch.set(LittleEndian.LONG, at + slot, child(right, 0));
            total++;
        }
        MemorySegment.copy(segment, entryAt(right, 0), scratch, (long) total * entry, (long) rightCount * entry);
        total += rightCount;

        if (total <= capacity) {
            copyFromScratch(leftCount, total, left, leftCount);
            setCount(left, total);
            if (leaf) {
                keys.release(separatorSlot);
            }
            closeGap(parent, separatorIndex, count(parent));
            heap.free(right);
            return true;
        }
        int half = total / 2;
        if (half > leftCount) {
            copyFromScratch(leftCount, half, left, leftCount);
        }
        setCount(left, half);
        if (leaf) {
            copyFromScratch(half, total, right, 0);
            setCount(right, total - half);
            keys.release(separatorSlot);
            keys.duplicate(entryAt(right, 0), segment, separatorSlot);
        } else {
            long up = (long) half * entry;
            MemorySegment.copy(scratch, up, segment, separatorSlot, slot);
            setFirstChild(right, scratch.get(LittleEndian.LONG, up + slot));
            copyFromScratch(half + 1, total, right, 0);
            setCount(right, total - half - 1);
        }
        heap.markDirty(separatorSlot, slot);
        return false;
    }

    /** Copies scratch entries {@code from..to-1} into {@code node} starting at entry {@code index}. */
    private void copyFromScratch(int from, int to, long node, int index) {
        long bytes = (long) (to - from) * entry;
        if (bytes > 0) {
            MemorySegment.copy(scratch, (long) from * entry, segment, entryAt(node, index), bytes);
            heap.markDirty(entryAt(node, index), bytes);
        }
    }

    // ---- leaf strings

    /**
     * In a tree of leaf strings: stores {@code value} under the search key, inserting the key if
     * it is absent ({@link #created()} tells which); returns the value it had, or null.
     */
    public String putString(String value) {
        if (compression == null) {
            compression = new StringCompression();
        }
        LeafStrings.Stored stored = LeafStrings.store(heap, compression, value);
        int code = stored.code();
        byte[] bytes = stored.bytes();
        int depth = descendForInsert();
        long leaf = pathNode[depth];
        int found = searchLeaf(keys, leaf);
        created = found < 0;
        if (created) {
            setSize(size() + 1);
            insertLeafString(depth, leaf, -(found + 1), code, bytes);
            return null;
        }
        int shrunk = replaceLeafString(depth, leaf, found, code, bytes);
        if (shrunk > 0 && depth > 0 && leafWeight(leaf) < NODE_BYTES * 2 / 3) {
            stringLeafUnderfull(depth, shrunk); // a shorter value leaves the leaf emptier, as a removal does
        }
        return removedString();
    }

    /**
     * How many writes of leaf strings moved entries from one leaf to another: a replaced value
     * that splits or merges leaves does, and a cursor positioned before it must find its place
     * again by key.
     */
    public int reshapes() {
        return reshapes;
    }

    /** In a tree of leaf strings: the string whose payload is at {@code payload}, from {@link #lookup} or a cursor. */
    public String stringAt(long payload) {
        return LeafStrings.read(heap, payload);
    }

    /** In a tree of leaf strings: the value the last {@link #delete()} removed. */
    public String removedString() {
        return switch (removedCode) {
            case NULL_STRING -> null;
            case OUT_OF_LINE -> removedOutOfLine;
            default -> {
                String removed = LeafStrings.decode(removedCode, removedBytes, LeafStrings.valueSize(removedCode));
                if (removed == null) {
                    throw new CorruptHeapException("sorted map at offset " + header + ": the compressed value of "
                            + LeafStrings.valueSize(removedCode) + " bytes just removed is damaged");
                }
                yield removed;
            }
        };
    }

    /** Keeps the value of the payload at {@code payload} as the removed one, freeing its heap string if it has one. */
    private void takeRemoved(long payload) {
        int code = LeafStrings.code(segment, payload);
        removedCode = code;
        if (code == OUT_OF_LINE) {
            long block = LeafStrings.outOfLine(segment, payload);
            removedOutOfLine = heap.readString(block);
            heap.free(block);
        } else if (code != NULL_STRING && code > 0) {
            if (!LeafStrings.validCode(code)) {
                throw new CorruptHeapException("sorted map at offset " + header + ": a leaf value of length code " + code);
            }
            int size = LeafStrings.valueSize(code);
            if (removedBytes.length < size) {
                removedBytes = new byte[Math.max(size, 2 * removedBytes.length)];
            }
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, LeafStrings.valueAddress(segment, payload, size),
                    removedBytes, 0, size);
        }
    }

    private void removeLeafString(long leaf, int index, int count) {
        long at = leafEntryAt(leaf, index);
        takeRemoved(at + slot);
        keys.release(at);
        long bytes = (long) (count - 1 - index) * leafEntry;
        if (bytes > 0) {
            MemorySegment.copy(segment, at + leafEntry, segment, at, bytes);
            heap.markDirty(at, bytes);
        }
        setCount(leaf, count - 1);
        setValueBytes(leaf, valueBytes(leaf) - LeafStrings.valueSize(removedCode));
    }

    private void insertLeafString(int depth, long leaf, int position, int code, byte[] bytes) {
        int count = count(leaf);
        int size = LeafStrings.valueSize(code);
        int start = valueStart(leaf);
        if (ENTRIES + (long) (count + 1) * leafEntry + size <= start) {
            long at = leafEntryAt(leaf, position);
            MemorySegment.copy(segment, at, segment, at + leafEntry, (long) (count - position) * leafEntry);
            keys.store(segment, at);
            LeafStrings.setPayload(segment, at + slot, size == 0 ? 0 : start - size, code);
            heap.markDirty(at, (long) (count + 1 - position) * leafEntry);
            setCount(leaf, count + 1);
            if (size > 0) {
                writeValue(leaf, start - size, bytes);
                setValueStart(leaf, start - size);
                setValueBytes(leaf, valueBytes(leaf) + size);
            }
            return;
        }
        image.clear();
        image.add(segment, leaf, count);
        MemorySegment keySlots = image.insert(position, code, bytes);
        keys.store(keySlots, image.keyAt(position));
        storeImage(depth, leaf, position == count && rightmost(depth));
    }

    /**
     * Replaces the value of entry {@code index}; returns the bytes it gave back to the leaf, 0 if
     * the value kept its size, grew or moved the leaf's entries.
     */
    private int replaceLeafString(int depth, long leaf, int index, int code, byte[] bytes) {
        long payload = leafPayloadAt(leaf, index);
        int oldCode = LeafStrings.code(segment, payload);
        int size = LeafStrings.valueSize(code);
        if (code == oldCode && code != OUT_OF_LINE && code != NULL_STRING) {
            long at = LeafStrings.valueAddress(segment, payload, size);
            if (MemorySegment.mismatch(segment, at, at + size, MemorySegment.ofArray(bytes), 0, size) < 0) {
                // Rewriting a value with itself is common; keeping it dirties no page.
                takeRemoved(payload);
                return 0;
            }
        }
        int offset = LeafStrings.offset(segment, payload);
        takeRemoved(payload);
        int oldSize = LeafStrings.valueSize(removedCode);
        int start = valueStart(leaf);
        if (size > oldSize) {
            if (ENTRIES + (long) count(leaf) * leafEntry + size > start) {
                image.clear();
                image.add(segment, leaf, count(leaf));
                image.setValue(index, code, bytes);
                storeImage(depth, leaf, false);
                return 0;
            }
            offset = start - size;
            setValueStart(leaf, offset);
        }
        if (size > 0) {
            writeValue(leaf, offset, bytes);
        }
        LeafStrings.setPayload(segment, payload, size == 0 ? 0 : offset, code);
        heap.markDirty(payload, STRING_PAYLOAD);
        setValueBytes(leaf, valueBytes(leaf) + size - oldSize);
        return Math.max(0, oldSize - size);
    }

    /**
     * Writes the entries of {@link #image} into {@code leaf}, or, if they do not fit, into it and
     * a new leaf after it, as even as their sizes allow or, for a key appended after the last one
     * of the rightmost leaf, all but that one.
     */
    private void storeImage(int depth, long leaf, boolean appended) {
        int count = image.count();
        if (image.weight(0, count) <= NODE_BYTES) {
            image.write(heap, leaf, 0, count);
            return;
        }
        int cut = appended ? count - 1 : image.split(0, count);
        if (!appended) {
            image.write(heap, leaf, 0, cut);
        }
        reshapes++;
        long right = newNode(LEAF_TYPE_ID);
        image.write(heap, right, cut, count);
        keys.duplicate(leafEntryAt(right, 0), separator, 0);
        insertIntoParent(depth - 1, leaf, right);
    }

    /**
     * After a removal or a shorter value took {@code freed} bytes from the leaf at {@code depth},
     * leaving it below two thirds full: merges it into a neighbour, or empties one of three
     * neighbouring leaves into the other two, where they have the room, as {@link #mergeLeaf} does
     * by entries; failing that, evens it out with a neighbour if it is below a third full.
     *
     * <p>A merge leaves room for the bytes just freed, and a sixteenth of a leaf: else an entry
     * (or a longer value) put back where it was taken would split the merged leaf again, and a
     * put and a remove in turn would allocate, write and free a node each time.
     */
    private void stringLeafUnderfull(int depth, int freed) {
        long parent = pathNode[depth - 1];
        int index = pathChild[depth - 1];
        int last = count(parent);
        int weight = leafWeight(pathNode[depth]);
        int mergedMost = NODE_BYTES - NODE_BYTES / 16 - freed;
        if (index > 0 && leafWeight(childLeaf(parent, index - 1)) + weight <= mergedMost) {
            redistribute(depth, index - 1, 2, 1);
        } else if (index < last && weight + leafWeight(childLeaf(parent, index + 1)) <= mergedMost) {
            redistribute(depth, index, 2, 1);
        } else if (!(index > 0 && index < last && threeInTwo(depth, index - 1, mergedMost))
                && !(index > 1 && threeInTwo(depth, index - 2, mergedMost))
                && !(index + 1 < last && threeInTwo(depth, index, mergedMost))
                && weight < NODE_BYTES / 3) {
            redistribute(depth, index > 0 ? index - 1 : 0, 2, 2);
        }
    }

    private long childLeaf(long parent, int index) {
        return checked(child(parent, index), true);
    }

    /** Empties the middle one of children {@code first..first+2} into the other two if they have the room. */
    private boolean threeInTwo(int depth, int first, int mergedMost) {
        long parent = pathNode[depth - 1];
        int total = 0;
        for (int i = first; i < first + 3; i++) {
            total += leafWeight(childLeaf(parent, i));
        }
        return total <= 2 * mergedMost && redistribute(depth, first, 3, 2);
    }

    /**
     * Rewrites the {@code n} leaves that are children {@code first..first+n-1} of the branch above
     * {@code depth} as {@code m} leaves (n - 1 or n), the first m of them, as even as their entries
     * allow, and frees the others; returns false, changing nothing, if the entries do not fit.
     */
    private boolean redistribute(int depth, int first, int n, int m) {
        long parent = pathNode[depth - 1];
        long[] leaves = new long[n];
        image.clear();
        for (int i = 0; i < n; i++) {
            leaves[i] = childLeaf(parent, first + i);
            image.add(segment, leaves[i], count(leaves[i]));
        }
        int total = image.count();
        int cut = m == 2 ? image.split(0, total) : total;
        if (n == 2 && m == 2 && Math.min(image.weight(0, cut), image.weight(cut, total)) < NODE_BYTES / 3
                && image.weight(0, total) <= NODE_BYTES) {
            // entries too large to even out a small pair: one leaf holds them all
            m = 1;
            cut = total;
        }
        if (image.weight(0, cut) > NODE_BYTES || image.weight(cut, total) > NODE_BYTES) {
            return false;
        }
        reshapes++;
        image.write(heap, leaves[0], 0, cut);
        if (m == 2) {
            image.write(heap, leaves[1], cut, total);
            long separatorSlot = entryAt(parent, first);
            keys.release(separatorSlot);
            keys.duplicate(leafEntryAt(leaves[1], 0), segment, separatorSlot);
            heap.markDirty(separatorSlot, slot);
        }
        for (int j = n - 2; j >= m - 1; j--) {
            keys.release(entryAt(parent, first + j));
            closeGap(parent, first + j, count(parent));
            heap.free(leaves[j + 1]);
        }
        if (m < n) {
            parentLostEntry(depth - 1);
        }
        return true;
    }

    /** Bytes a leaf of leaf strings uses for its entries and values. */
    int leafWeight(long leaf) {
        return count(leaf) * leafEntry + valueBytes(leaf);
    }

    int valueBytes(long leaf) {
        int bytes = segment.get(LittleEndian.INT, leaf + VALUE_BYTES);
        if (bytes < 0 || bytes > NODE_BYTES) {
            throw new CorruptHeapException("sorted map at offset " + header + ": leaf at offset " + leaf + " claims "
                    + bytes + " value bytes");
        }
        return bytes;
    }

    /** Where a leaf's lowest value byte is: the end of the node while it has none. */
    int valueStart(long leaf) {
        int start = segment.get(LittleEndian.INT, leaf + VALUE_START);
        if (start == 0) {
            return NODE_SIZE;
        }
        if (start < ENTRIES || start > NODE_SIZE) {
            throw new CorruptHeapException("sorted map at offset " + header + ": leaf at offset " + leaf
                    + " has its values from offset " + start);
        }
        return start;
    }

    private void setValueStart(long leaf, int start) {
        segment.set(LittleEndian.INT, leaf + VALUE_START, start);
        heap.markDirty(leaf + VALUE_START, 4);
    }

    private void setValueBytes(long leaf, int bytes) {
        segment.set(LittleEndian.INT, leaf + VALUE_BYTES, bytes);
        heap.markDirty(leaf + VALUE_BYTES, 4);
    }

    private void writeValue(long leaf, int offset, byte[] bytes) {
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, leaf + offset, bytes.length);
        heap.markDirty(leaf + offset, bytes.length);
    }

    // ---- header and node fields

    long newNode(int typeId) {
        long node = heap.allocate(NODE_SIZE);
        RecordHeader.write(segment, node, typeId, NodeFormat.VERSION);
        heap.markDirty(node, RecordHeader.SIZE);
        return node;
    }

    void setCount(long node, int count) {
        segment.set(LittleEndian.INT, node + COUNT, count);
        heap.markDirty(node + COUNT, 4);
    }

    void setFirstChild(long branch, long child) {
        segment.set(LittleEndian.LONG, branch + FIRST_CHILD, child);
        heap.markDirty(branch + FIRST_CHILD, 8);
    }

    void setRoot(long root, int height) {
        segment.set(LittleEndian.LONG, header + ROOT, root);
        segment.set(LittleEndian.INT, header + HEIGHT, height);
        heap.markDirty(header + ROOT, 8);
        heap.markDirty(header + HEIGHT, 4);
    }

    private void setSize(long size) {
        segment.set(LittleEndian.LONG, header + SIZE, size);
        heap.markDirty(header + SIZE, 8);
    }
}
