package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.BPlusTree;
import dev.ferrite.runtime.collection.KeyFormat;
import dev.ferrite.runtime.collection.MapHeader;
import dev.ferrite.runtime.collection.TreeCursor;
import dev.ferrite.runtime.collection.TreeVerifier;
import dev.ferrite.runtime.collection.ValueKind;
import dev.ferrite.runtime.compact.MapValuePacking;
import dev.ferrite.runtime.format.Reference;
import dev.ferrite.runtime.heap.BlockHeap;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;

/**
 * A sorted map that lives in a {@link Heap}: a {@link NavigableMap} kept in a B+ tree of
 * page-sized nodes, with keys of a {@link KeyType} (long, int, String, UUID, byte array or enum)
 * and values of a {@link ValueType} (long, double, owned string, reference or owned struct). Its
 * changes become durable with the heap's {@link Heap#commit()} and are discarded by {@link
 * Heap#rollback()}, like any other write to the heap.
 *
 * <pre>{@code
 * PersistentSortedMap<String, Long> counts =
 *         PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG);
 * counts.addLong("word", 1);
 * Map<String, Long> asMap = counts;   // any java.util code can use it
 * heap.commit();
 * }</pre>
 *
 * <p>A map is found again through a named root ({@link #root}) or through its {@link #handle()},
 * which a struct can keep in a {@code long} field and pass to {@link #open}. The map object holds
 * no state of its own besides the writer's reusable buffers: any number of objects may view the
 * same map, and a rollback leaves them all valid.
 *
 * <p><b>As a {@code java.util} map.</b> Every view writes through: {@link #keySet()} (a {@link
 * NavigableSet}), {@link #values()}, {@link #entrySet()}, the range views ({@link #subMap}, {@link
 * #headMap}, {@link #tailMap}) and {@link #descendingMap()}, each with iterators that remove, and
 * spliterators that report ORDERED, DISTINCT, NONNULL where it holds, SORTED for ascending keys and
 * entries, and SIZED for the views of the whole map. Keys are never {@code null}; values are {@code
 * null} only in maps of {@link ValueType#reference references} and {@link ValueType#STRING strings}. An entry of an {@link #entrySet()}
 * iterator writes through its {@code setValue}; entries returned by the navigation methods ({@link
 * #firstEntry()}, {@link #ceilingEntry} …) are snapshots. The keys' order is {@link #comparator()},
 * {@code null} for the natural order of {@link Long} and {@link String}. {@link #size()} is an
 * {@code int} as {@link Map} requires, {@link Integer#MAX_VALUE} for larger maps; {@link
 * #longSize()} is exact. The size of a range view is counted by walking it. {@code toString()},
 * {@code equals} and {@code hashCode} are those of any {@link Map}. The map is not serializable:
 * it is a view of a heap.
 *
 * <p><b>Owned struct values.</b> A map of {@link ValueType#struct struct} values creates its
 * records itself ({@link #getOrCreate}): {@link #put} and {@code setValue} throw {@link
 * UnsupportedOperationException}. Removing an entry frees its record; the value that {@link
 * #remove(Object)} or {@link #pollFirstEntry()} returns then refers to freed memory and may only be
 * compared with {@code null}.
 *
 * <p><b>Cost.</b> String keys are compared as UTF-8 in place, encoded into a buffer each reading
 * thread keeps per map object; {@link #get}, {@link #containsKey}, {@link #getLong} and {@link
 * #getDouble} of a long key allocate no search object (the navigation methods allocate one small
 * one). An insert or update dirties the node it lands in and the map's header block; a node split
 * or merge one or two more. Keys longer than 20 bytes in UTF-8 are kept in a block of their own.
 * The boxed {@link #get} and {@link #put} cost a {@link Long} each for long values; {@link
 * #getLong}, {@link #putLong} and {@link #addLong} do not box.
 *
 * <p><b>Threads.</b> Like {@link java.util.TreeMap}: while no thread writes, any number of threads
 * may read one map object at once — {@link #get}, {@link #getLong}, {@link #containsKey}, {@link
 * #size}, the first, last, ceiling, floor, higher and lower methods, and iteration of the map's
 * views and range views — since every read keeps its search key and its path through the tree in
 * objects of its own. Writes ({@link #put}, {@link #putLong}, {@link #addLong}, {@link
 * #getOrCreate}, {@link #remove}, the poll methods, {@link #clear}, {@link #free}, and removal or
 * {@code setValue} through a view) follow the heap's rule of one writer, and no thread may read the
 * map, through this object or another over the same map, while a thread writes it: a read that
 * overlaps a write may return a wrong answer or throw. An iterator is for one thread; each reading
 * thread takes its own. Reference and struct values come back as a new flyweight for each call.
 * Iterators fail with {@link ConcurrentModificationException} if the map gains or loses keys
 * through the same map object or its views, other than by the iterator's own {@code remove}; after
 * a change through another object over the same map they must not be used.
 *
 * @param <K> the key type: {@link Long}, {@link Integer}, {@link String}, {@link java.util.UUID},
 *     {@code byte[]} or an enum
 * @param <V> {@link Long}, {@link Double}, {@link String}, or the struct interface of reference and
 *     struct values
 */
public final class PersistentSortedMap<K, V> extends AbstractMap<K, V> implements NavigableMap<K, V> {
    private final BlockHeap heap;
    private final MemorySegment segment;
    private final BPlusTree tree;
    private final KeyType<K> keyType;
    private final ValueType<V> valueType;
    private final MapKeys<K> keys;
    /** Whether the keys are longs, which {@link #lookup} finds without a search object. */
    private final boolean longKeys;
    /** Whether the string values are kept in the leaves, beside their keys (maps created since that format). */
    private final boolean leafStrings;
    /** The type of struct and reference values, which {@link #value} follows without a switch; else null. */
    private final StructType<V> records;
    /** The whole map, ascending: it answers the navigation methods and makes the views. */
    private final View whole;
    private int structuralChanges;

    private PersistentSortedMap(BlockHeap heap, long handle, KeyType<K> keyType, ValueType<V> valueType) {
        this.heap = heap;
        this.segment = heap.segment();
        this.tree = BPlusTree.open(heap, handle);
        this.keyType = keyType;
        this.valueType = valueType;
        this.keys = new MapKeys<>(keyType, tree.keys());
        this.longKeys = keyType.code() == KeyFormat.LONG;
        this.leafStrings = tree.leafStrings();
        this.records = valueType.kind() == ValueKind.STRUCT || valueType.kind() == ValueKind.REFERENCE
                ? valueType.structType() : null;
        this.whole = new View(null, false, null, false, false);
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

    /** The number of entries, or {@link Integer#MAX_VALUE} if there are more; see {@link #longSize()}. */
    @Override
    public int size() {
        return (int) Math.min(tree.size(), Integer.MAX_VALUE);
    }

    /** The exact number of entries. */
    public long longSize() {
        return tree.size();
    }

    /** Whether the map has no entries. */
    @Override
    public boolean isEmpty() {
        return tree.size() == 0;
    }

    /**
     * The value under {@code key}, or {@code null} if there is none.
     *
     * @throws NullPointerException if {@code key} is null
     * @throws ClassCastException if {@code key} is not of the map's key type
     */
    @Override
    public V get(Object key) {
        long at = lookup(key);
        return at < 0 ? null : valueAt(at);
    }

    /**
     * Whether {@code key} has an entry.
     *
     * @throws NullPointerException if {@code key} is null
     * @throws ClassCastException if {@code key} is not of the map's key type
     */
    @Override
    public boolean containsKey(Object key) {
        return lookup(key) >= 0;
    }

    /**
     * Stores {@code value} under {@code key} and returns the previous value, or {@code null}.
     *
     * @throws UnsupportedOperationException for struct values, which the map creates itself:
     *     use {@link #getOrCreate}
     * @throws NullPointerException if {@code key} is null, or {@code value} is null in a map of
     *     long values
     * @throws IllegalArgumentException if a reference value is a record of another heap or type
     */
    @Override
    public V put(K key, V value) {
        requireWritable();
        if (valueType.kind() == ValueKind.STRUCT) {
            throw new UnsupportedOperationException(ownedStructs());
        }
        prepare(key);
        if (leafStrings) {
            return putString(value);
        }
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

    @SuppressWarnings("unchecked")
    private V putString(V value) {
        String string = (String) value;
        try {
            V previous = (V) tree.putString(string);
            if (tree.created()) {
                structuralChanges++;
            }
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
            return heap.dereference(segment.get(LittleEndian.LONG, at), type);
        }
        try {
            // The record gets a generation of its own, which the payload carries as a reference
            // does: a flyweight of a removed value does not match the next record in its block.
            V created = heap.allocate(type);
            Flyweight record = (Flyweight) created;
            writePayload(tree.insert(), Reference.of(record.offset(), record.generation()));
            structuralChanges++;
            return created;
        } catch (RuntimeException | Error e) {
            throw interrupted("create a value in", e);
        }
    }

    /**
     * Removes the entry of {@code key} and returns its value, or {@code null} if there was none. An
     * owned string is freed; so is an owned struct record: the flyweight returned, and any other
     * over it, must not be used afterwards except to compare it with {@code null}; its getters and
     * setters throw {@link IllegalStateException}, even once a new value took its block.
     *
     * <p>A map of string values created by a release before strings were kept in the leaves keeps
     * each in a heap block of its own. Once the removals from such a map have freed half as many
     * strings as it holds, the removal that crosses that line also moves the strings of its emptiest pages into
     * the free slots of its other pages, so that the next commit can give the emptied pages back to
     * the file system; nothing outside the map refers to them, so nothing the application holds
     * changes, but that removal takes time in proportion to the map's size.
     *
     * @throws NullPointerException if {@code key} is null
     * @throws ClassCastException if {@code key} is not of the map's key type
     */
    @Override
    public V remove(Object key) {
        requireWritable();
        prepare(key);
        try {
            if (!tree.delete()) {
                return null;
            }
            structuralChanges++;
            if (leafStrings) {
                return removedString();
            }
            long payload = tree.removedPayload();
            V previous = value(payload);
            freeOwned(payload);
            return previous;
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
        long at = lookup(key);
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
        long at = lookup(key);
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

    /** Removes every entry, freeing the map's nodes, owned struct records and strings; the handle stays valid. */
    @Override
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

    // ---- NavigableMap: the whole map's view answers

    /** {@code null}: the keys are in the natural order of {@link Long} or {@link String}. */
    @Override
    public Comparator<? super K> comparator() {
        return whole.comparator();
    }

    /**
     * The smallest key.
     *
     * @throws NoSuchElementException if the map is empty
     */
    @Override
    public K firstKey() {
        return whole.firstKey();
    }

    /**
     * The largest key.
     *
     * @throws NoSuchElementException if the map is empty
     */
    @Override
    public K lastKey() {
        return whole.lastKey();
    }

    /** The entry of the smallest key (a snapshot), or {@code null} if the map is empty. */
    @Override
    public Map.Entry<K, V> firstEntry() {
        return whole.firstEntry();
    }

    /** The entry of the largest key (a snapshot), or {@code null} if the map is empty. */
    @Override
    public Map.Entry<K, V> lastEntry() {
        return whole.lastEntry();
    }

    /** Removes and returns the entry of the smallest key, or {@code null} if the map is empty. */
    @Override
    public Map.Entry<K, V> pollFirstEntry() {
        return whole.pollFirstEntry();
    }

    /** Removes and returns the entry of the largest key, or {@code null} if the map is empty. */
    @Override
    public Map.Entry<K, V> pollLastEntry() {
        return whole.pollLastEntry();
    }

    /** The entry of the largest key strictly before {@code key}, or {@code null}. */
    @Override
    public Map.Entry<K, V> lowerEntry(K key) {
        return whole.lowerEntry(key);
    }

    /** The largest key strictly before {@code key}, or {@code null}. */
    @Override
    public K lowerKey(K key) {
        return whole.lowerKey(key);
    }

    /** The entry of the largest key at or before {@code key}, or {@code null}. */
    @Override
    public Map.Entry<K, V> floorEntry(K key) {
        return whole.floorEntry(key);
    }

    /** The largest key at or before {@code key}, or {@code null}. */
    @Override
    public K floorKey(K key) {
        return whole.floorKey(key);
    }

    /** The entry of the smallest key at or after {@code key}, or {@code null}. */
    @Override
    public Map.Entry<K, V> ceilingEntry(K key) {
        return whole.ceilingEntry(key);
    }

    /** The smallest key at or after {@code key}, or {@code null}. */
    @Override
    public K ceilingKey(K key) {
        return whole.ceilingKey(key);
    }

    /** The entry of the smallest key strictly after {@code key}, or {@code null}. */
    @Override
    public Map.Entry<K, V> higherEntry(K key) {
        return whole.higherEntry(key);
    }

    /** The smallest key strictly after {@code key}, or {@code null}. */
    @Override
    public K higherKey(K key) {
        return whole.higherKey(key);
    }

    /** The keys in ascending order, a sorted set that removes through to the map. */
    @Override
    public NavigableSet<K> keySet() {
        return whole.navigableKeySet();
    }

    /** The keys in ascending order, a sorted set that removes through to the map. */
    @Override
    public NavigableSet<K> navigableKeySet() {
        return whole.navigableKeySet();
    }

    /** The keys in descending order. */
    @Override
    public NavigableSet<K> descendingKeySet() {
        return whole.descendingKeySet();
    }

    /** The values in ascending order of their keys. */
    @Override
    public Collection<V> values() {
        return whole.values();
    }

    /**
     * The entries in ascending key order; the entries of its iterator write through their {@code
     * setValue}.
     */
    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return whole.entrySet();
    }

    /** The map in descending key order. */
    @Override
    public NavigableMap<K, V> descendingMap() {
        return whole.descendingMap();
    }

    /**
     * The entries with keys between {@code fromKey} and {@code toKey}: a view that writes through,
     * and refuses keys outside its range with {@link IllegalArgumentException}.
     */
    @Override
    public NavigableMap<K, V> subMap(K fromKey, boolean fromInclusive, K toKey, boolean toInclusive) {
        return whole.subMap(fromKey, fromInclusive, toKey, toInclusive);
    }

    /** The entries with keys before (or at) {@code toKey}, a view like {@link #subMap}. */
    @Override
    public NavigableMap<K, V> headMap(K toKey, boolean inclusive) {
        return whole.headMap(toKey, inclusive);
    }

    /** The entries with keys after (or at) {@code fromKey}, a view like {@link #subMap}. */
    @Override
    public NavigableMap<K, V> tailMap(K fromKey, boolean inclusive) {
        return whole.tailMap(fromKey, inclusive);
    }

    /** The entries from {@code fromKey} inclusive to {@code toKey} exclusive. */
    @Override
    public NavigableMap<K, V> subMap(K fromKey, K toKey) {
        return whole.subMap(fromKey, true, toKey, false);
    }

    /** The entries before {@code toKey}. */
    @Override
    public NavigableMap<K, V> headMap(K toKey) {
        return whole.headMap(toKey, false);
    }

    /** The entries from {@code fromKey} on. */
    @Override
    public NavigableMap<K, V> tailMap(K fromKey) {
        return whole.tailMap(fromKey, true);
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

    /**
     * The address of the payload under {@code key}, or -1: long keys take the tree's primitive
     * descent, which allocates no search object.
     */
    private long lookup(Object key) {
        if (longKeys) {
            // A test against the constant class Long is cheaper than keyType.check's cast to the
            // key type's class, which the JIT cannot fold; other keys get check's exceptions.
            return tree.lookupLong(key instanceof Long k ? k : (Long) keyType.check(key));
        }
        return tree.lookup(search(key));
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

    @SuppressWarnings("unchecked")
    private V removedString() {
        return (V) tree.removedString();
    }

    /** The value whose payload is at {@code at}: a leaf string, or what the 8-byte payload holds. */
    @SuppressWarnings("unchecked")
    private V valueAt(long at) {
        return leafStrings ? (V) tree.stringAt(at) : value(segment.get(LittleEndian.LONG, at));
    }

    private V value(long payload) {
        StructType<V> type = records;
        return type != null ? heap.dereference(payload, type) : valueType.valueOf(heap, payload);
    }

    /**
     * Frees what the value of a removed entry owned: a struct record or a string. Once the map has
     * freed many strings, packs the rest into fewer pages (see {@link MapValuePacking}).
     */
    private void freeOwned(long payload) {
        valueType.release(heap, payload);
        if (payload != 0 && valueType.kind() == ValueKind.STRING) {
            MapValuePacking.afterFree(heap, tree, heap.ownedStringFreed(tree.header()));
        }
    }

    private String ownedStructs() {
        return "this map owns its " + valueType + ": use getOrCreate(key) and write the record's fields";
    }

    /** Removes the entry of {@code key} without reading its value; returns whether there was one. */
    private boolean removeKey(Object key) {
        requireWritable();
        prepare(key);
        try {
            if (!tree.delete()) {
                return false;
            }
            structuralChanges++;
            if (!leafStrings) {
                freeOwned(tree.removedPayload());
            }
            return true;
        } catch (RuntimeException | Error e) {
            throw interrupted("remove from", e);
        }
    }

    @SuppressWarnings("unchecked")
    private K keyAt(TreeCursor cursor) {
        return (K) cursor.key();
    }

    private Map.Entry<K, V> snapshot(TreeCursor cursor) {
        return cursor == null ? null : new AbstractMap.SimpleImmutableEntry<>(keyAt(cursor), valueAt(cursor.payloadAddress()));
    }

    private K keyOrNull(TreeCursor cursor) {
        return cursor == null ? null : keyAt(cursor);
    }

    private K requireKey(TreeCursor cursor) {
        if (cursor == null) {
            throw new NoSuchElementException("the sorted map, or this range of it, is empty");
        }
        return keyAt(cursor);
    }

    /** The characteristics of every view's spliterator, plus SIZED where the size is exact. */
    private <T> Spliterator<T> viewSpliterator(
            Iterator<T> iterator, View view, int characteristics, Comparator<? super T> sortedBy) {
        Spliterator<T> plain = view.unbounded()
                ? Spliterators.spliterator(iterator, view.size(), characteristics | Spliterator.ORDERED)
                : Spliterators.spliteratorUnknownSize(iterator, characteristics | Spliterator.ORDERED);
        return sortedBy == null ? plain : new SortedSpliterator<>(plain, sortedBy);
    }

    /**
     * A range of keys, ascending or descending: the map itself, its range views and their
     * descending forms. Bounds are kept in ascending terms ({@code low} at most {@code high}); a
     * {@code null} bound is none, since keys are never null.
     */
    private final class View extends AbstractMap<K, V> implements NavigableMap<K, V> {
        private final K low;
        private final boolean lowInclusive;
        private final K high;
        private final boolean highInclusive;
        private final boolean descending;

        View(K low, boolean lowInclusive, K high, boolean highInclusive, boolean descending) {
            this.low = low;
            this.lowInclusive = lowInclusive;
            this.high = high;
            this.highInclusive = highInclusive;
            this.descending = descending;
        }

        boolean unbounded() {
            return low == null && high == null;
        }

        private int compare(Object a, K b) {
            return keyType.order().compare(keyType.check(a), b);
        }

        boolean tooLow(Object key) {
            if (low == null) {
                keyType.check(key);
                return false;
            }
            int c = compare(key, low);
            return c < 0 || (c == 0 && !lowInclusive);
        }

        boolean tooHigh(Object key) {
            if (high == null) {
                keyType.check(key);
                return false;
            }
            int c = compare(key, high);
            return c > 0 || (c == 0 && !highInclusive);
        }

        boolean inRange(Object key) {
            return !tooLow(key) && !tooHigh(key);
        }

        /** Whether a bound of a narrower view may be {@code key}: inside the range, or at an excluded end. */
        private boolean inRange(Object key, boolean inclusive) {
            if (inclusive) {
                return inRange(key);
            }
            return (low == null || compare(key, low) >= 0) && (high == null || compare(key, high) <= 0);
        }

        // ascending navigation within the bounds; each returns a positioned cursor or null

        private TreeCursor valid(TreeCursor cursor) {
            return cursor.valid() && inRange(cursor.key()) ? cursor : null;
        }

        private TreeCursor lowest() {
            TreeCursor cursor = new TreeCursor(tree);
            if (low == null) {
                cursor.first();
            } else {
                cursor.ceiling(search(low), lowInclusive);
            }
            return valid(cursor);
        }

        private TreeCursor highest() {
            TreeCursor cursor = new TreeCursor(tree);
            if (high == null) {
                cursor.last();
            } else {
                cursor.floor(search(high), highInclusive);
            }
            return valid(cursor);
        }

        private TreeCursor above(Object key, boolean inclusive) {
            if (tooLow(key)) {
                return lowest();
            }
            TreeCursor cursor = new TreeCursor(tree);
            cursor.ceiling(search(key), inclusive);
            return valid(cursor);
        }

        private TreeCursor below(Object key, boolean inclusive) {
            if (tooHigh(key)) {
                return highest();
            }
            TreeCursor cursor = new TreeCursor(tree);
            cursor.floor(search(key), inclusive);
            return valid(cursor);
        }

        // the same in this view's direction

        TreeCursor first() {
            return descending ? highest() : lowest();
        }

        TreeCursor last() {
            return descending ? lowest() : highest();
        }

        TreeCursor after(Object key, boolean inclusive) {
            return descending ? below(key, inclusive) : above(key, inclusive);
        }

        TreeCursor before(Object key, boolean inclusive) {
            return descending ? above(key, inclusive) : below(key, inclusive);
        }

        @Override
        public int size() {
            if (unbounded()) {
                return PersistentSortedMap.this.size();
            }
            int count = 0;
            for (EntryIterator entries = new EntryIterator(this); entries.hasNext() && count < Integer.MAX_VALUE; count++) {
                entries.nextKey();
            }
            return count;
        }

        @Override
        public boolean isEmpty() {
            return unbounded() ? PersistentSortedMap.this.isEmpty() : lowest() == null;
        }

        @Override
        public V get(Object key) {
            return inRange(key) ? PersistentSortedMap.this.get(key) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return inRange(key) && PersistentSortedMap.this.containsKey(key);
        }

        @Override
        public V put(K key, V value) {
            if (!inRange(key)) {
                throw new IllegalArgumentException("key " + key + " is outside the range of this view: " + range());
            }
            return PersistentSortedMap.this.put(key, value);
        }

        @Override
        public V remove(Object key) {
            return inRange(key) ? PersistentSortedMap.this.remove(key) : null;
        }

        boolean removeKey(Object key) {
            return inRange(key) && PersistentSortedMap.this.removeKey(key);
        }

        @Override
        public void clear() {
            if (unbounded()) {
                PersistentSortedMap.this.clear();
                return;
            }
            for (EntryIterator entries = new EntryIterator(this); entries.hasNext(); ) {
                entries.nextKey();
                entries.remove();
            }
        }

        private String range() {
            return (low == null ? "(unbounded" : (lowInclusive ? "[" : "(") + low) + ", "
                    + (high == null ? "unbounded)" : high + (highInclusive ? "]" : ")"));
        }

        @Override
        public Comparator<? super K> comparator() {
            Comparator<K> order = keyType.order();
            if (descending) {
                return Collections.reverseOrder(order);
            }
            return (Object) order == Comparator.naturalOrder() ? null : order;
        }

        @Override
        public K firstKey() {
            return requireKey(first());
        }

        @Override
        public K lastKey() {
            return requireKey(last());
        }

        @Override
        public Map.Entry<K, V> firstEntry() {
            return snapshot(first());
        }

        @Override
        public Map.Entry<K, V> lastEntry() {
            return snapshot(last());
        }

        @Override
        public Map.Entry<K, V> pollFirstEntry() {
            return poll(firstEntry());
        }

        @Override
        public Map.Entry<K, V> pollLastEntry() {
            return poll(lastEntry());
        }

        private Map.Entry<K, V> poll(Map.Entry<K, V> entry) {
            if (entry != null) {
                PersistentSortedMap.this.removeKey(entry.getKey());
            }
            return entry;
        }

        @Override
        public Map.Entry<K, V> lowerEntry(K key) {
            return snapshot(before(key, false));
        }

        @Override
        public K lowerKey(K key) {
            return keyOrNull(before(key, false));
        }

        @Override
        public Map.Entry<K, V> floorEntry(K key) {
            return snapshot(before(key, true));
        }

        @Override
        public K floorKey(K key) {
            return keyOrNull(before(key, true));
        }

        @Override
        public Map.Entry<K, V> ceilingEntry(K key) {
            return snapshot(after(key, true));
        }

        @Override
        public K ceilingKey(K key) {
            return keyOrNull(after(key, true));
        }

        @Override
        public Map.Entry<K, V> higherEntry(K key) {
            return snapshot(after(key, false));
        }

        @Override
        public K higherKey(K key) {
            return keyOrNull(after(key, false));
        }

        @Override
        public NavigableSet<K> keySet() {
            return navigableKeySet();
        }

        @Override
        public NavigableSet<K> navigableKeySet() {
            return new KeySet(this);
        }

        @Override
        public NavigableSet<K> descendingKeySet() {
            return new KeySet(descendingMap());
        }

        @Override
        public Collection<V> values() {
            return new Values(this);
        }

        @Override
        public Set<Map.Entry<K, V>> entrySet() {
            return new Entries(this);
        }

        @Override
        public View descendingMap() {
            return new View(low, lowInclusive, high, highInclusive, !descending);
        }

        @Override
        public View subMap(K fromKey, boolean fromInclusive, K toKey, boolean toInclusive) {
            requireBound(fromKey, fromInclusive, "fromKey");
            requireBound(toKey, toInclusive, "toKey");
            int c = keyType.order().compare(fromKey, toKey);
            if (descending ? c < 0 : c > 0) {
                throw new IllegalArgumentException("fromKey " + fromKey + " comes after toKey " + toKey);
            }
            return descending
                    ? new View(toKey, toInclusive, fromKey, fromInclusive, true)
                    : new View(fromKey, fromInclusive, toKey, toInclusive, false);
        }

        @Override
        public View headMap(K toKey, boolean inclusive) {
            requireBound(toKey, inclusive, "toKey");
            return descending
                    ? new View(toKey, inclusive, high, highInclusive, true)
                    : new View(low, lowInclusive, toKey, inclusive, false);
        }

        @Override
        public View tailMap(K fromKey, boolean inclusive) {
            requireBound(fromKey, inclusive, "fromKey");
            return descending
                    ? new View(low, lowInclusive, fromKey, inclusive, true)
                    : new View(fromKey, inclusive, high, highInclusive, false);
        }

        @Override
        public View subMap(K fromKey, K toKey) {
            return subMap(fromKey, true, toKey, false);
        }

        @Override
        public View headMap(K toKey) {
            return headMap(toKey, false);
        }

        @Override
        public View tailMap(K fromKey) {
            return tailMap(fromKey, true);
        }

        private void requireBound(K key, boolean inclusive, String name) {
            if (!inRange(key, inclusive)) {
                throw new IllegalArgumentException(name + " " + key + " is outside the range of this view: " + range());
            }
        }
    }

    /**
     * Walks a cursor of its own through a view. Removing through the iterator finds its place
     * again by key, since a removal may merge the nodes under the cursor; so does the next step
     * after a replaced string split or merged leaves.
     */
    private final class EntryIterator implements Iterator<Map.Entry<K, V>> {
        private final View view;
        private TreeCursor position;
        private int expectedChanges = structuralChanges;
        private int expectedShape = tree.reshapes();
        private K nextKey;
        private K lastKey;

        EntryIterator(View view) {
            this.view = view;
            this.position = view.first();
            this.nextKey = position == null ? null : keyAt(position);
        }

        @Override
        public boolean hasNext() {
            return nextKey != null;
        }

        @Override
        public Map.Entry<K, V> next() {
            checkNext();
            V value = valueAt(position.payloadAddress());
            return new LiveEntry(advance(), value);
        }

        /** The next key alone, without reading its value. */
        K nextKey() {
            checkNext();
            return advance();
        }

        /** The next value alone, without decoding its key. */
        V nextValue() {
            checkNext();
            V value = valueAt(position.payloadAddress());
            advance();
            return value;
        }

        private void checkNext() {
            if (nextKey == null) {
                throw new NoSuchElementException();
            }
            checkChanges();
            if (tree.reshapes() != expectedShape) {
                // a replaced string split or merged leaves: values may be replaced while iterating
                seekNext();
            }
        }

        private void checkChanges() {
            if (structuralChanges != expectedChanges) {
                throw new ConcurrentModificationException("the sorted map gained or lost keys during iteration");
            }
        }

        /** Moves on and returns the key it leaves. */
        private K advance() {
            lastKey = nextKey;
            if (view.descending) {
                position.previous();
            } else {
                position.next();
            }
            nextKey = null;
            if (position.valid()) {
                K key = keyAt(position);
                if (view.descending ? !view.tooLow(key) : !view.tooHigh(key)) {
                    nextKey = key;
                }
            }
            return lastKey;
        }

        @Override
        public void remove() {
            if (lastKey == null) {
                throw new IllegalStateException("next() has not returned an entry since the last remove()");
            }
            checkChanges();
            removeKey(lastKey);
            lastKey = null;
            expectedChanges = structuralChanges;
            seekNext();
        }

        /** Finds the next key again, after a change that may have moved it to another node. */
        private void seekNext() {
            expectedShape = tree.reshapes();
            if (nextKey != null) {
                position = new TreeCursor(tree);
                if (view.descending) {
                    position.floor(search(nextKey), true);
                } else {
                    position.ceiling(search(nextKey), true);
                }
            }
        }
    }

    /** An entry of a view's iterator: {@code setValue} puts the value under its key. */
    private final class LiveEntry extends AbstractMap.SimpleEntry<K, V> {
        private static final long serialVersionUID = 1L;

        LiveEntry(K key, V value) {
            super(key, value);
        }

        @Override
        public V setValue(V value) {
            if (valueType.kind() == ValueKind.STRUCT) {
                throw new UnsupportedOperationException(ownedStructs());
            }
            V previous = put(getKey(), value);
            super.setValue(value);
            return previous;
        }
    }

    private final class Entries extends AbstractSet<Map.Entry<K, V>> {
        private final View view;

        Entries(View view) {
            this.view = view;
        }

        @Override
        public Iterator<Map.Entry<K, V>> iterator() {
            return new EntryIterator(view);
        }

        @Override
        public int size() {
            return view.size();
        }

        @Override
        public boolean isEmpty() {
            return view.isEmpty();
        }

        @Override
        public void clear() {
            view.clear();
        }

        @Override
        public boolean contains(Object o) {
            if (!(o instanceof Map.Entry<?, ?> entry) || entry.getKey() == null) {
                return false;
            }
            try {
                return view.containsKey(entry.getKey()) && Objects.equals(view.get(entry.getKey()), entry.getValue());
            } catch (ClassCastException notAKey) {
                return false;
            }
        }

        @Override
        public boolean remove(Object o) {
            return contains(o) && view.removeKey(((Map.Entry<?, ?>) o).getKey());
        }

        @Override
        public Spliterator<Map.Entry<K, V>> spliterator() {
            return viewSpliterator(iterator(), view, Spliterator.DISTINCT | Spliterator.NONNULL,
                    view.descending ? null : Map.Entry.comparingByKey(keyType.order()));
        }
    }

    private final class Values extends AbstractCollection<V> {
        private final View view;

        Values(View view) {
            this.view = view;
        }

        @Override
        public Iterator<V> iterator() {
            EntryIterator entries = new EntryIterator(view);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public V next() {
                    return entries.nextValue();
                }

                @Override
                public void remove() {
                    entries.remove();
                }
            };
        }

        @Override
        public int size() {
            return view.size();
        }

        @Override
        public boolean isEmpty() {
            return view.isEmpty();
        }

        @Override
        public void clear() {
            view.clear();
        }

        @Override
        public Spliterator<V> spliterator() {
            boolean nullable = valueType.kind() == ValueKind.REFERENCE || valueType.kind() == ValueKind.STRING;
            int nonNull = nullable ? 0 : Spliterator.NONNULL;
            return viewSpliterator(iterator(), view, nonNull, null);
        }
    }

    /** The keys of a view: a sorted set that removes through to the map. */
    private final class KeySet extends AbstractSet<K> implements NavigableSet<K> {
        private final View view;

        KeySet(View view) {
            this.view = view;
        }

        @Override
        public Iterator<K> iterator() {
            EntryIterator entries = new EntryIterator(view);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public K next() {
                    return entries.nextKey();
                }

                @Override
                public void remove() {
                    entries.remove();
                }
            };
        }

        @Override
        public Iterator<K> descendingIterator() {
            return descendingSet().iterator();
        }

        @Override
        public int size() {
            return view.size();
        }

        @Override
        public boolean isEmpty() {
            return view.isEmpty();
        }

        @Override
        public void clear() {
            view.clear();
        }

        @Override
        public boolean contains(Object o) {
            return view.containsKey(o);
        }

        @Override
        public boolean remove(Object o) {
            return view.removeKey(o);
        }

        @Override
        public Comparator<? super K> comparator() {
            return view.comparator();
        }

        @Override
        public K first() {
            return view.firstKey();
        }

        @Override
        public K last() {
            return view.lastKey();
        }

        @Override
        public K lower(K key) {
            return view.lowerKey(key);
        }

        @Override
        public K floor(K key) {
            return view.floorKey(key);
        }

        @Override
        public K ceiling(K key) {
            return view.ceilingKey(key);
        }

        @Override
        public K higher(K key) {
            return view.higherKey(key);
        }

        @Override
        public K pollFirst() {
            Map.Entry<K, V> first = view.pollFirstEntry();
            return first == null ? null : first.getKey();
        }

        @Override
        public K pollLast() {
            Map.Entry<K, V> last = view.pollLastEntry();
            return last == null ? null : last.getKey();
        }

        @Override
        public NavigableSet<K> descendingSet() {
            return new KeySet(view.descendingMap());
        }

        @Override
        public NavigableSet<K> subSet(K fromElement, boolean fromInclusive, K toElement, boolean toInclusive) {
            return new KeySet(view.subMap(fromElement, fromInclusive, toElement, toInclusive));
        }

        @Override
        public NavigableSet<K> headSet(K toElement, boolean inclusive) {
            return new KeySet(view.headMap(toElement, inclusive));
        }

        @Override
        public NavigableSet<K> tailSet(K fromElement, boolean inclusive) {
            return new KeySet(view.tailMap(fromElement, inclusive));
        }

        @Override
        public NavigableSet<K> subSet(K fromElement, K toElement) {
            return subSet(fromElement, true, toElement, false);
        }

        @Override
        public NavigableSet<K> headSet(K toElement) {
            return headSet(toElement, false);
        }

        @Override
        public NavigableSet<K> tailSet(K fromElement) {
            return tailSet(fromElement, true);
        }

        @Override
        public Spliterator<K> spliterator() {
            Comparator<? super K> order = view.descending ? null : keyType.order();
            return viewSpliterator(iterator(), view, Spliterator.DISTINCT | Spliterator.NONNULL, order);
        }
    }

    /**
     * Adds SORTED and the keys' comparator to a spliterator ({@code null} for the natural order,
     * as {@link Spliterator#getComparator()} specifies), which {@link Spliterators}' own cannot
     * report.
     */
    private record SortedSpliterator<T>(Spliterator<T> delegate, Comparator<? super T> order) implements Spliterator<T> {
        SortedSpliterator {
            if ((Object) order == Comparator.naturalOrder()) {
                order = null;
            }
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            return delegate.tryAdvance(action);
        }

        @Override
        public void forEachRemaining(Consumer<? super T> action) {
            delegate.forEachRemaining(action);
        }

        @Override
        public Spliterator<T> trySplit() {
            Spliterator<T> prefix = delegate.trySplit();
            return prefix == null ? null : new SortedSpliterator<>(prefix, order);
        }

        @Override
        public long estimateSize() {
            return delegate.estimateSize();
        }

        @Override
        public int characteristics() {
            return delegate.characteristics() | Spliterator.SORTED;
        }

        @Override
        public Comparator<? super T> getComparator() {
            return order;
        }
    }
}
