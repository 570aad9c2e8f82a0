package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.struct.LittleEndian;

/**
 * A position in a {@link BPlusTree}, moving forwards or backwards one entry at a time. It keeps
 * the path from the root, so leaves need no sibling links (which would make every split and merge
 * dirty a third page). Valid until the tree is modified. A cursor is used by one thread at a time;
 * cursors of their own let any number of threads read a tree at once.
 */
public final class TreeCursor {
    private final BPlusTree tree;
    private final long[] node = new long[NodeFormat.MAX_HEIGHT];
    private final int[] index = new int[NodeFormat.MAX_HEIGHT];
    private int leafDepth = -1;
    private boolean valid;
    /** Whether the last descent found the search key itself. */
    private boolean exact;

    /** A cursor over {@code tree}, at no entry until positioned. */
    public TreeCursor(BPlusTree tree) {
        this.tree = tree;
    }

    /** Whether the cursor is at an entry. */
    public boolean valid() {
        return valid;
    }

    private long keySlot() {
        return tree.leafEntryAt(node[leafDepth], index[leafDepth]);
    }

    /** The current entry's key, decoded. */
    public Object key() {
        return tree.keys().read(keySlot());
    }

    /** The current entry's payload; in a tree of leaf strings, read {@link #payloadAddress()} with {@link BPlusTree#stringAt}. */
    public long payload() {
        return tree.segment().get(LittleEndian.LONG, keySlot() + tree.slotSize());
    }

    /**
     * The address of the current entry's payload in the heap's segment: for a migration that
     * rewrites references to relocated records in place (and marks the bytes dirty itself).
     */
    public long payloadAddress() {
        return keySlot() + tree.slotSize();
    }

    /** Moves to the smallest key. */
    public void first() {
        descendEdge(false);
    }

    /** Moves to the largest key. */
    public void last() {
        descendEdge(true);
    }

    /**
     * Moves to the smallest key at or after ({@code inclusive}) or strictly after the search key
     * of {@code search}.
     */
    public void ceiling(KeyFormat search, boolean inclusive) {
        int found = descendToSearchKey(search);
        if (found < 0) {
            return;
        }
        valid = true;
        if (exact && !inclusive) {
            index[leafDepth] = found;
            next();
        } else if (found < tree.count(node[leafDepth])) {
            index[leafDepth] = found;
        } else {
            index[leafDepth] = found - 1;
            next();
        }
    }

    /**
     * Moves to the largest key at or before ({@code inclusive}) or strictly before the search key
     * of {@code search}.
     */
    public void floor(KeyFormat search, boolean inclusive) {
        int found = descendToSearchKey(search);
        if (found < 0) {
            return;
        }
        valid = true;
        if (exact && inclusive) {
            index[leafDepth] = found;
            return;
        }
        if (found == 0) {
            index[leafDepth] = 0;
            previous();
        } else {
            index[leafDepth] = found - 1;
        }
    }

    /**
     * Walks to the leaf of the search key; returns the key's index (setting {@link #exact}) or its
     * insertion point, or -1 (invalidating the cursor) if the tree is empty.
     */
    private int descendToSearchKey(KeyFormat search) {
        valid = false;
        long at = tree.root();
        if (at == 0) {
            return -1;
        }
        int depth = 0;
        for (int level = tree.height(); level > 1; level--) {
            int child = tree.childIndex(search, tree.checked(at, false));
            node[depth] = at;
            index[depth] = child;
            depth++;
            at = tree.child(at, child);
        }
        node[depth] = tree.checked(at, true);
        leafDepth = depth;
        int found = tree.searchLeaf(search, at);
        exact = found >= 0;
        return exact ? found : -(found + 1);
    }

    private void descendEdge(boolean right) {
        valid = false;
        long at = tree.root();
        if (at == 0) {
            return;
        }
        int depth = 0;
        for (int level = tree.height(); level > 1; level--) {
            int child = right ? tree.count(tree.checked(at, false)) : 0;
            node[depth] = at;
            index[depth] = child;
            depth++;
            at = tree.child(at, child);
        }
        node[depth] = tree.checked(at, true);
        index[depth] = right ? tree.count(at) - 1 : 0;
        leafDepth = depth;
        valid = true;
    }

    /** Moves to the next key; the cursor becomes invalid after the last. */
    public void next() {
        int leaf = leafDepth;
        if (++index[leaf] < tree.count(node[leaf])) {
            return;
        }
        int depth = leaf - 1;
        while (depth >= 0 && index[depth] >= tree.count(node[depth])) {
            depth--;
        }
        if (depth < 0) {
            valid = false;
            return;
        }
        index[depth]++;
        for (; depth < leaf; depth++) {
            long child = tree.checked(tree.child(node[depth], index[depth]), depth + 1 == leaf);
            node[depth + 1] = child;
            index[depth + 1] = 0;
        }
    }

    /** Moves to the previous key; the cursor becomes invalid before the first. */
    public void previous() {
        int leaf = leafDepth;
        if (--index[leaf] >= 0) {
            return;
        }
        int depth = leaf - 1;
        while (depth >= 0 && index[depth] == 0) {
            depth--;
        }
        if (depth < 0) {
            valid = false;
            return;
        }
        index[depth]--;
        for (; depth < leaf; depth++) {
            long child = tree.checked(tree.child(node[depth], index[depth]), depth + 1 == leaf);
            node[depth + 1] = child;
            index[depth + 1] = depth + 1 == leaf ? tree.count(child) - 1 : tree.count(child);
        }
    }
}
