package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.BPlusTree;
import dev.ferrite.runtime.collection.KeyFormat;
import dev.ferrite.runtime.collection.MapHeader;
import dev.ferrite.runtime.collection.TreeCursor;
import dev.ferrite.runtime.collection.TreeVerifier;
import dev.ferrite.runtime.collection.ValueKind;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.util.AbstractMap;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A sorted map that lives in a {@link Heap}: a B+ tree of page-sized nodes, with keys of a {@link
 * KeyType} (long, int, String, UUID, byte array or enum) and values of a {@link ValueType} (long,
 * double, owned string, reference or owned struct). Its changes become durable with the heap's
 * {@link Heap#commit()} and are discarded by {@link Heap#rollback()}, like any other write to the
 * heap.
 *
 * <pre>{@code
 * PersistentSortedMap<String, Long> counts =
 *         PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG);
 * counts.addLong("word", 1);
 * heap.commit();
 * }</pre>
 *
 * <p>A map is found again through a named root ({@link #root}) or through its {@link #handle()},
 * which a struct can keep in a {@code long} field and pass to {@link #open}. The map object holds
 * no state of its own besides the writer's reusable buffers: any number of objects may view the
 * same map, and a rollback leaves them all valid.
 *
 * <p><b>Cost.</b> String keys are compared as UTF-8 in place, encoded into a buffer each reading
 * thread keeps per map object; a lookup of a long key allocates one small search object, which the
 * JIT usually removes. An insert or update dirties the node it lands in and the map's header
 * block; a node split or merge one or two more. Keys longer than 20 bytes in UTF-8 are kept in a
 * block of their own.
 *
 * <p><b>Threads.</b> Like {@link java.util.TreeMap}: while no thread writes, any number of threads
 * may read one map object at once — {@link #get}, {@link #getLong}, {@link #containsKey}, {@link
 * #size}, the first, last, ceiling, floor, higher and lower methods, and iteration of {@link
 * #iterator()}, {@link #keys()} and the range views — since every read keeps its search key and
 * its path through the tree in objects of its own. Writes ({@link #put}, {@link #putLong}, {@link
 * #addLong}, {@link #getOrCreate}, {@link #remove}, {@link #clear}, {@link #free}) follow the
 * heap's rule of one writer, and no thread may read the map, through this object or another over
 * the same map, while a thread writes it: a read that overlaps a write may return a wrong answer
 * or throw. An iterator is for one thread; each reading thread takes its own. Reference and struct
 * values come back as a new flyweight for each call. Iterators fail with {@link
 * ConcurrentModificationException} if the map gains or loses keys through the same map object
 * while they are in use; after any other change to the map they must not be used.
 *
 * @param <K> the key type: {@link Long}, {@link Integer}, {@link String}, {@link java.util.UUID},
 *     {@code byte[]} or an enum
 * @param <V> {@link Long}, {@link Double}, {@link String}, or the struct interface of reference and
 *     struct values
 */
public final class PersistentSortedMap<K, V> implements Iterable<Map.Entry<K, V>> {
    private final BlockHeap heap;
    private final MemorySegment segment;
    private final BPlusTree tree;
    private final KeyType<K> keyType;
    private final ValueType<V> valueType;
    private final MapKeys<K> keys;
    private int structuralChanges;

    private PersistentSortedMap(BlockHeap heap, long handle, KeyType<K> keyType, ValueType<V> valueType) {
        this.heap = heap;
        this.segment = heap.segment();
        this.tree = BPlusTree.open(heap, handle);
        this.keyType = keyType;
        this.valueType = valueType;
        this.keys = new MapKeys<>(keyType, tree.keys());
    }

    /**
     * The map kept under the root called {@code rootName}, created empty on first use.
     *
     * @throws IllegalArgumentException if the root holds something else, or a map with other key
     *     or value types (the message names both)
     */
    public static <K, V> PersistentSortedMap<K, V> root(
            Heap heap, String rootName, KeyType<K> keys, ValueType<V> values) {
        return root(heap.blocks(), rootName, keys, values);
    }

    /**
     * Opens the map whose {@link #handle()} is {@code handle}.
     *
     * @throws IllegalArgumentException if no map is there, or one with other key or value types
     */
    public static <K, V> PersistentSortedMap<K, V> open(Heap heap, long handle, KeyType<K> keys, ValueType<V> values) {
        return open(heap.blocks(), handle, keys, values);
    }

    /** Creates an empty map; keep its {@link #handle()} somewhere reachable, or it is lost. */
    public static <K, V> PersistentSortedMap<K, V> create(Heap heap, KeyType<K> keys, ValueType<V> values) {
        return create(heap.blocks(), keys, values);
    }

    /**
     * Checks the structure of the map at {@code handle} without knowing its types: every block
     * headed with its kind, keys in order within each node and between nodes, node fill, leaf
     * depth, entry count, owned values of the recorded type, no block reachable twice. For tools
     * such as {@code ferrite verify}.
     *
     * @return what is wrong, empty for a sound map
     * @throws IllegalArgumentException if no sorted map is at {@code handle}
     */
    public static List<String> verify(Heap heap, long handle) {
        return TreeVerifier.verify(heap.blocks(), handle).problems();
    }

    static <K, V> PersistentSortedMap<K, V> root(BlockHeap heap, String rootName, KeyType<K> keys, ValueType<V> values) {
        Objects.requireNonNull(rootName, "rootName");
        long handle = heap.root(rootName);
        if (handle == 0) {
            PersistentSortedMap<K, V> map = create(heap, keys, values);
            heap.setRoot(rootName, map.handle());
            return map;
        }
        try {
            return open(heap, handle, keys, values);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("root \"" + rootName + "\": " + e.getMessage(), e);
        }
    }

    static <K, V> PersistentSortedMap<K, V> open(BlockHeap heap, long handle, KeyType<K> keys, ValueType<V> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        MapHeader found = MapHeader.read(heap.segment(), handle);
        if (found.keyCode() != keys.code() || found.values() != values.kind() || found.valueTypeId() != values.typeId()) {
            throw new IllegalArgumentException(
                    "the sorted map at handle " + handle + " holds " + KeyType.describe(found.keyCode()) + " and "
                            + ValueType.describe(found.values(), found.valueTypeId()) + ", not " + keys + " and "
                            + values);
        }
        return new PersistentSortedMap<>(heap, handle, keys, values);
    }

    static <K, V> PersistentSortedMap<K, V> create(BlockHeap heap, KeyType<K> keys, ValueType<V> values) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        long handle;
        try {
            handle = BPlusTree.create(heap, keys.code(), values.kind(), values.typeId());
        } catch (RuntimeException | Error e) {
            throw heap.interrupted("create a sorted map of " + keys + " to " + values, e);
        }
        return new PersistentSortedMap<>(heap, handle, keys, values);
    }

    /** The offset of the map's header block: store it in a {@code long} field and {@link #open} it later. */
    public long handle() {
        return tree.header();
    }

    /** The number of entries. */
    public long size() {
        return tree.size();
    }

    /** Whether the map has no entries. */
    public boolean isEmpty() {
        return tree.size() == 0;
    }

    /** The value under {@code key}, or {@code null} if there is none. */
    public V get(K key) {
        long at = tree.lookup(search(key));
        return at < 0 ? null : value(segment.get(LittleEndian.LONG, at));
    }

    /** Whether {@code key} has an entry. */
    public boolean containsKey(K key) {
        return tree.lookup(search(key)) >= 0;
    }

    /**
     * Stores {@code value} under {@code key} and returns the previous value, or {@code null}.
     *
     * @throws UnsupportedOperationException for struct values, which the map creates itself:
     *     use {@link #getOrCreate}
     * @throws IllegalArgumentException if a reference value is a record of another heap or type
     */
    public V put(K key, V value) {
        requireWritable();
        if (valueType.kind() == ValueKind.STRUCT) {
            throw new UnsupportedOperationException(
                    "this map owns its " + valueType + ": use getOrCreate(key) and write the record's fields");
        }
        prepare(key);
        long payload = valueType.payloadOf(heap, value, "value");
        try {
            long at = tree.insert();
            V previous = null;
            if (tree.created()) {
                structuralChanges++;
            } else {
                long replaced = segment.get(LittleEndian.LONG, at);
                previous = value(replaced);
                valueType.release(heap, replaced);
            }
            writePayload(at, payload);
            return previous;
        } catch (RuntimeException | Error e) {
            throw interrupted("put into", e);
        }
    }

    /**
     * The struct record under {@code key}, allocated (zeroed, with its header) and inserted if the
     * key is absent. The map owns the record: {@link #remove} and {@link #clear} free it.
     *
     * @throws UnsupportedOperationException unless the map has struct values
     */
    public V getOrCreate(K key) {
        requireWritable();
        StructType<V> type = requireValues(ValueKind.STRUCT, "getOrCreate");
        prepare(key);
        long at = tree.lookup(tree.keys());
        if (at >= 0) {
            return type.wrap(heap, segment.get(LittleEndian.LONG, at));
        }
        try {
            long record = heap.allocate(type.size());
            type.initialize(heap, record);
            // dereferencing makes the heap check the type against its catalog, recording it there
            V created = heap.dereference(record, type);
            writePayload(tree.insert(), record);
            structuralChanges++;
            return created;
        } catch (RuntimeException | Error e) {
            throw interrupted("create a value in", e);
        }
    }

    /**
     * Removes the entry of {@code key}; returns whether there was one. An owned struct record or
     * string is freed: flyweights over a record must not be used afterwards.
     */
    public boolean remove(K key) {
        requireWritable();
        prepare(key);
        try {
            if (!tree.delete()) {
                return false;
            }
            structuralChanges++;
            valueType.release(heap, tree.removedPayload());
            return true;
        } catch (RuntimeException | Error e) {
            throw interrupted("remove from", e);
        }
    }

    /**
     * The long value under {@code key}, or {@code ifAbsent}; does not box.
     *
     * @throws UnsupportedOperationException unless the map has long values
     */
    public long getLong(K key, long ifAbsent) {
        requireValues(ValueKind.LONG, "getLong");
        long at = tree.lookup(search(key));
        return at < 0 ? ifAbsent : segment.get(LittleEndian.LONG, at);
    }

    /**
     * Stores {@code value} under {@code key}; does not box.
     *
     * @throws UnsupportedOperationException unless the map has long values
     */
    public void putLong(K key, long value) {
        requireWritable();
        requireValues(ValueKind.LONG, "putLong");
        prepare(key);
        try {
            long at = tree.insert();
            if (tree.created()) {
                structuralChanges++;
            }
            writePayload(at, value);
        } catch (RuntimeException | Error e) {
            throw interrupted("put into", e);
        }
    }

    /**
     * Adds {@code delta} to the long value under {@code key} (an absent key counts as 0) in one
     * descent of the tree, and returns the new value.
     *
     * @throws UnsupportedOperationException unless the map has long values
     */
    public long addLong(K key, long delta) {
        requireWritable();
        requireValues(ValueKind.LONG, "addLong");
        prepare(key);
        try {
            long at = tree.insert();
            long value;
            if (tree.created()) {
                structuralChanges++;
                value = delta;
            } else {
                value = segment.get(LittleEndian.LONG, at) + delta;
            }
            writePayload(at, value);
            return value;
        } catch (RuntimeException | Error e) {
            throw interrupted("add to a value of", e);
        }
    }

    /**
     * The double value under {@code key}, or {@code ifAbsent}; does not box.
     *
     * @throws UnsupportedOperationException unless the map has double values
     */
    public double getDouble(K key, double ifAbsent) {
        requireValues(ValueKind.DOUBLE, "getDouble");
        long at = tree.lookup(search(key));
        return at < 0 ? ifAbsent : Double.longBitsToDouble(segment.get(LittleEndian.LONG, at));
    }

    /**
     * Stores {@code value} under {@code key}; does not box.
     *
     * @throws UnsupportedOperationException unless the map has double values
     */
    public void putDouble(K key, double value) {
        requireWritable();
        requireValues(ValueKind.DOUBLE, "putDouble");
        prepare(key);
        try {
            long at = tree.insert();
            if (tree.created()) {
                structuralChanges++;
            }
            writePayload(at, Double.doubleToRawLongBits(value));
        } catch (RuntimeException | Error e) {
            throw interrupted("put into", e);
        }
    }

    /**
     * The smallest key.
     *
     * @throws NoSuchElementException if the map is empty
     */
    public K firstKey() {
        TreeCursor cursor = new TreeCursor(tree);
        cursor.first();
        return requireKey(cursor);
    }

    /**
     * The largest key.
     *
     * @throws NoSuchElementException if the map is empty
     */
    public K lastKey() {
        TreeCursor cursor = new TreeCursor(tree);
        cursor.last();
        return requireKey(cursor);
    }

    /** The entry of the smallest key, or {@code null} if the map is empty. */
    public Map.Entry<K, V> firstEntry() {
        TreeCursor cursor = new TreeCursor(tree);
        cursor.first();
        return currentEntry(cursor);
    }

    /** The entry of the largest key, or {@code null} if the map is empty. */
    public Map.Entry<K, V> lastEntry() {
        TreeCursor cursor = new TreeCursor(tree);
        cursor.last();
        return currentEntry(cursor);
    }

    /** The smallest key at or after {@code key}, or {@code null}. */
    public K ceilingKey(K key) {
        TreeCursor cursor = new TreeCursor(tree);
        cursor.ceiling(search(key), true);
        return currentKey(cursor);
    }

    /** The smallest key strictly after {@code key}, or {@code null}. */
    public K higherKey(K key) {
        TreeCursor cursor = new TreeCursor(tree);
        cursor.ceiling(search(key), false);
        return currentKey(cursor);
    }

    /** The largest key at or before {@code key}, or {@code null}. */
    public K floorKey(K key) {
        TreeCursor cursor = new TreeCursor(tree);
        cursor.floor(search(key), true);
        return currentKey(cursor);
    }

    /** The largest key strictly before {@code key}, or {@code null}. */
    public K lowerKey(K key) {
        TreeCursor cursor = new TreeCursor(tree);
        cursor.floor(search(key), false);
        return currentKey(cursor);
    }

    /** All entries in ascending key order. Entries are snapshots: their {@code setValue} throws. */
    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return new EntryIterator(null, false, null, false, false);
    }

    /** All keys in ascending order. */
    public Iterable<K> keys() {
        return () -> new KeyIterator(new EntryIterator(null, false, null, false, false));
    }

    /** All entries in descending key order. */
    public Iterable<Map.Entry<K, V>> descendingEntries() {
        return () -> new EntryIterator(null, false, null, false, true);
    }

    /**
     * The entries with keys between {@code from} and {@code to}, in ascending order; a {@code null}
     * bound is no bound.
     */
    public Iterable<Map.Entry<K, V>> entries(K from, boolean fromInclusive, K to, boolean toInclusive) {
        return () -> new EntryIterator(from, fromInclusive, to, toInclusive, false);
    }

    /**
     * The entries with keys between {@code from} and {@code to} (the lower and the upper bound, as
     * in {@link #entries(Object, boolean, Object, boolean)}), in descending order.
     */
    public Iterable<Map.Entry<K, V>> descendingEntries(K from, boolean fromInclusive, K to, boolean toInclusive) {
        return () -> new EntryIterator(from, fromInclusive, to, toInclusive, true);
    }

    /** Removes every entry, freeing the map's nodes, owned struct records and strings; the handle stays valid. */
    public void clear() {
        requireWritable();
        try {
            tree.clear();
        } catch (RuntimeException | Error e) {
            throw interrupted("clear", e);
        }
        structuralChanges++;
    }

    /**
     * Clears the map and frees its header block: the handle and this object become invalid. A
     * named root pointing at the map must be removed first.
     */
    public void free() {
        requireWritable();
        try {
            tree.destroy();
        } catch (RuntimeException | Error e) {
            throw interrupted("free", e);
        }
        structuralChanges++;
    }

    @Override
    public String toString() {
        return "PersistentSortedMap[handle=" + handle() + ", " + keyType + ", " + valueType + ", size=" + size() + "]";
    }

    // ---- helpers

    /** Makes {@code key} the search key of the tree's writes. */
    private void prepare(Object key) {
        keys.prepare(key);
    }

    /** A search key of its own for one read, so that readers share nothing with each other or the writer. */
    private KeyFormat search(Object key) {
        return keys.search(key);
    }

    private void requireWritable() {
        if (segment.isReadOnly()) {
            throw new IllegalStateException(
                    "the heap is open read-only: the sorted map at handle " + handle() + " cannot be changed");
        }
    }

    private StructType<V> requireValues(ValueKind kind, String method) {
        if (valueType.kind() != kind) {
            throw new UnsupportedOperationException(method + " needs a map of " + kind.name().toLowerCase()
                    + " values; this one has " + valueType);
        }
        return valueType.structType();
    }

    /** Records that {@code action} on this map failed midway; see {@link BlockHeap#interrupted}. */
    private RuntimeException interrupted(String action, Throwable failure) {
        return heap.interrupted(action + " the sorted map at handle " + tree.header(), failure);
    }

    private void writePayload(long at, long payload) {
        segment.set(LittleEndian.LONG, at, payload);
        heap.markDirty(at, 8);
    }

    private V value(long payload) {
        return valueType.valueOf(heap, payload);
    }

    @SuppressWarnings("unchecked")
    private K currentKey(TreeCursor cursor) {
        return cursor.valid() ? (K) cursor.key() : null;
    }

    private K requireKey(TreeCursor cursor) {
        if (!cursor.valid()) {
            throw new NoSuchElementException("the sorted map is empty");
        }
        return currentKey(cursor);
    }

    private Map.Entry<K, V> currentEntry(TreeCursor cursor) {
        return cursor.valid()
                ? new AbstractMap.SimpleImmutableEntry<>(currentKey(cursor), value(cursor.payload()))
                : null;
    }

    /** Walks a cursor of its own between optional bounds. */
    private final class EntryIterator implements Iterator<Map.Entry<K, V>> {
        private final TreeCursor position = new TreeCursor(tree);
        private final K end;
        private final boolean endInclusive;
        private final boolean descending;
        private final int expectedChanges = structuralChanges;
        private K nextKey;

        EntryIterator(K from, boolean fromInclusive, K to, boolean toInclusive, boolean descending) {
            this.descending = descending;
            K start = descending ? to : from;
            boolean startInclusive = descending ? toInclusive : fromInclusive;
            this.end = descending ? from : to;
            this.endInclusive = descending ? fromInclusive : toInclusive;
            if (start == null) {
                if (descending) {
                    position.last();
                } else {
                    position.first();
                }
            } else {
                if (descending) {
                    position.floor(search(start), startInclusive);
                } else {
                    position.ceiling(search(start), startInclusive);
                }
            }
            nextKey = keyWithinBounds();
        }

        @SuppressWarnings("unchecked")
        private K keyWithinBounds() {
            if (!position.valid()) {
                return null;
            }
            K key = (K) position.key();
            if (end != null) {
                int c = keyType.order().compare(key, end);
                if (descending ? c < 0 || (c == 0 && !endInclusive) : c > 0 || (c == 0 && !endInclusive)) {
                    return null;
                }
            }
            return key;
        }

        @Override
        public boolean hasNext() {
            return nextKey != null;
        }

        @Override
        public Map.Entry<K, V> next() {
            checkNext();
            V value = value(position.payload());
            return new AbstractMap.SimpleImmutableEntry<>(advance(), value);
        }

        private void checkNext() {
            if (nextKey == null) {
                throw new NoSuchElementException();
            }
            if (structuralChanges != expectedChanges) {
                throw new ConcurrentModificationException("the sorted map gained or lost keys during iteration");
            }
        }

        /** Moves on and returns the key it leaves. */
        private K advance() {
            K key = nextKey;
            if (descending) {
                position.previous();
            } else {
                position.next();
            }
            nextKey = keyWithinBounds();
            return key;
        }

        /** The next key alone, without reading its value. */
        K nextKey() {
            checkNext();
            return advance();
        }
    }

    /** The keys of an entry iterator. */
    private final class KeyIterator implements Iterator<K> {
        private final EntryIterator entries;

        KeyIterator(EntryIterator entries) {
            this.entries = entries;
        }

        @Override
        public boolean hasNext() {
            return entries.hasNext();
        }

        @Override
        public K next() {
            return entries.nextKey();
        }
    }
}
