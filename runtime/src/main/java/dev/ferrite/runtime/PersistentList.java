package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.ChunkedList;
import dev.ferrite.runtime.collection.ValueKind;
import dev.ferrite.runtime.heap.BlockHeap;
import java.util.AbstractList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A list that lives in a {@link Heap}: a {@link List} with random access, of {@link
 * ValueType#LONG long}, {@link ValueType#DOUBLE double} or {@link ValueType#STRING string} elements
 * (strings the list owns and frees when they are replaced or removed; {@code null} allowed), or of
 * {@link ValueType#reference references} to struct records (which the list does not own; {@code
 * null} allowed). Its changes become durable with {@link Heap#commit()} like any other write.
 *
 * <pre>{@code
 * PersistentList<Account> accounts = PersistentList.root(heap, "accounts", ValueType.reference(Account.class));
 * accounts.add(heap.allocate(Account.class));
 * heap.commit();
 * }</pre>
 *
 * <p>Elements are kept in chunks that never move: adding at the end never copies the list, and
 * dirties the page of the last chunk and the list's header. Found again through a named root
 * ({@link #root}) or its {@link #handle()}, like {@link PersistentSortedMap}; the object keeps no
 * state of its own besides a count of its changes for its iterators, so a rollback leaves it valid.
 *
 * <p><b>As a {@code java.util} list.</b> Everything {@link List} offers works, writing through:
 * {@link #add(int, Object)} and {@link #remove(int)} at any index, {@link #set}, {@link #subList}
 * (whose {@code clear()} removes its range in one pass), {@link #sort}, {@link #indexOf}, list
 * iterators that add, set and remove. {@code toString()}, {@code equals} and {@code hashCode} are
 * those of any {@link List}. {@link #size()} is an {@code int} as {@link List} requires, {@link
 * Integer#MAX_VALUE} for a larger list, and the {@code int}-indexed methods reach the first 2<sup>31</sup>
 * elements; {@link #longSize()}, {@link #getLong}, {@link #setLong} and {@link #addLong} use {@code
 * long} indexes and do not box. The list is not serializable: it is a view of a heap.
 *
 * <p><b>Cost.</b> {@link #get}, {@link #set} and appending take constant time. Inserting or
 * removing at index {@code i} moves every element after {@code i} by one place, as {@link
 * java.util.ArrayList} does: it writes, and dirties the pages of, the {@code size - i} elements
 * after it (8 bytes each, 510 to a page), so it is cheap near the end and costs a pass over the
 * list at the front. Prefer appending, or a {@link PersistentSortedMap} keyed by position, for
 * frequent inserts at the front of a large list.
 *
 * <p><b>Threads.</b> Like {@link java.util.ArrayList}: while no thread writes, any number of
 * threads may read one list object at once — {@link #get}, {@link #getLong}, {@link #size}, {@link
 * #isEmpty}, {@link #indexOf} and iteration. Writes ({@link #add}, {@link #addLong}, {@link #set},
 * {@link #setLong}, {@link #remove(int)}, {@link #removeLast}, {@link #clear}, {@link #free}, and
 * writes through iterators and sublists) follow the heap's rule of one writer, and no thread may
 * read the list while a thread writes it. An iterator is for one thread; each reading thread takes
 * its own. Iterators fail with {@link ConcurrentModificationException} if the list gains or loses
 * elements through this object other than through the iterator; after such a change through
 * another object over the same list they must not be used. Reference elements come back as a new
 * flyweight for each call.
 *
 * @param <E> {@link Long}, {@link Double}, {@link String} or a struct interface
 */
public final class PersistentList<E> extends AbstractList<E> implements List<E>, RandomAccess {
    private final BlockHeap heap;
    private final ChunkedList list;
    private final ValueType<E> elementType;

    private PersistentList(BlockHeap heap, long handle, ValueType<E> elementType) {
        this.heap = heap;
        this.list = ChunkedList.open(heap, handle);
        this.elementType = elementType;
    }

    /**
     * The list kept under the root called {@code rootName}, created empty on first use.
     *
     * @throws IllegalArgumentException if the root holds something else, or a list of another
     *     element type (the message names both)
     */
    public static <E> PersistentList<E> root(Heap heap, String rootName, ValueType<E> elements) {
        return root(heap.blocks(), rootName, elements);
    }

    /**
     * Opens the list whose {@link #handle()} is {@code handle}.
     *
     * @throws IllegalArgumentException if no list is there, or one of another element type
     */
    public static <E> PersistentList<E> open(Heap heap, long handle, ValueType<E> elements) {
        return open(heap.blocks(), handle, elements);
    }

    /**
     * Creates an empty list; keep its {@link #handle()} somewhere reachable, or it is lost.
     *
     * @throws IllegalArgumentException for {@link ValueType#struct} elements: lists hold numbers,
     *     strings or references
     */
    public static <E> PersistentList<E> create(Heap heap, ValueType<E> elements) {
        return create(heap.blocks(), elements);
    }

    /**
     * Checks the structure of the list at {@code handle} without knowing its element type: its
     * chunks and directory headed with their kinds and in agreement with its size, and string
     * elements each a string of its own. For tools such as {@code ferrite verify}.
     *
     * @return what is wrong, empty for a sound list
     * @throws IllegalArgumentException if no list is at {@code handle}
     */
    public static List<String> verify(Heap heap, long handle) {
        return ChunkedList.open(heap.blocks(), handle).problems();
    }

    static <E> PersistentList<E> root(BlockHeap heap, String rootName, ValueType<E> elements) {
        Objects.requireNonNull(rootName, "rootName");
        long handle = heap.root(rootName);
        if (handle == 0) {
            PersistentList<E> list = create(heap, elements);
            heap.setRoot(rootName, list.handle());
            return list;
        }
        try {
            return open(heap, handle, elements);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("root \"" + rootName + "\": " + e.getMessage(), e);
        }
    }

    static <E> PersistentList<E> open(BlockHeap heap, long handle, ValueType<E> elements) {
        Objects.requireNonNull(elements, "elements");
        ChunkedList.Description found = ChunkedList.describe(heap.segment(), handle);
        if (found.values() != elements.kind() || found.typeId() != elements.typeId()) {
            throw new IllegalArgumentException("the list at handle " + handle + " holds "
                    + elementsOf(ValueType.describe(found.values(), found.typeId())) + ", not "
                    + elementsOf(elements.toString()));
        }
        return new PersistentList<>(heap, handle, elements);
    }

    static <E> PersistentList<E> create(BlockHeap heap, ValueType<E> elements) {
        Objects.requireNonNull(elements, "elements");
        if (elements.kind() == ValueKind.STRUCT) {
            throw new IllegalArgumentException(
                    "lists hold numbers, strings or references, not owned " + elements + "; use ValueType.reference");
        }
        long handle;
        try {
            handle = ChunkedList.create(heap, elements.kind(), elements.typeId());
        } catch (RuntimeException | Error e) {
            throw heap.interrupted("create a list of " + elementsOf(elements.toString()), e);
        }
        return new PersistentList<>(heap, handle, elements);
    }

    private static String elementsOf(String values) {
        return values.replace(" values", " elements");
    }

    /** The offset of the list's header block: store it in a {@code long} field and {@link #open} it later. */
    public long handle() {
        return list.header();
    }

    /** The number of elements, or {@link Integer#MAX_VALUE} if there are more; see {@link #longSize()}. */
    @Override
    public int size() {
        return (int) Math.min(list.size(), Integer.MAX_VALUE);
    }

    /** The exact number of elements. */
    public long longSize() {
        return list.size();
    }

    /** Whether the list has no elements. */
    @Override
    public boolean isEmpty() {
        return list.size() == 0;
    }

    /**
     * Appends {@code element}; returns {@code true}.
     *
     * @throws NullPointerException if {@code element} is null in a list of longs
     * @throws IllegalArgumentException if a reference is to a record of another heap or type
     */
    @Override
    public boolean add(E element) {
        requireWritable();
        long payload = payloadOf(element);
        try {
            list.add(payload);
        } catch (RuntimeException | Error e) {
            throw interrupted("add to", e);
        }
        modCount++;
        return true;
    }

    /**
     * Inserts {@code element} at {@code index}, moving the elements from there on one place up
     * (see the cost in the class description).
     *
     * @throws IndexOutOfBoundsException if {@code index} is negative or above {@link #size()}
     */
    @Override
    public void add(int index, E element) {
        requireWritable();
        checkPositionIndex(index);
        long payload = payloadOf(element);
        try {
            list.insert(index, payload);
        } catch (RuntimeException | Error e) {
            throw interrupted("insert into", e);
        }
        modCount++;
    }

    /** Appends a long element without boxing. */
    public void addLong(long element) {
        requireWritable();
        requireLongs("addLong");
        try {
            list.add(element);
        } catch (RuntimeException | Error e) {
            throw interrupted("add to", e);
        }
        modCount++;
    }

    /**
     * The element at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below {@link #size()}
     */
    @Override
    public E get(int index) {
        return elementOf(list.get(checkIndex(index)));
    }

    /** The long element at {@code index}, without boxing. */
    public long getLong(long index) {
        requireLongs("getLong");
        return list.get(checkIndex(index));
    }

    /** Replaces the element at {@code index} and returns the one it replaced. */
    @Override
    public E set(int index, E element) {
        requireWritable();
        long at = checkIndex(index);
        long replaced = list.get(at);
        E previous = elementOf(replaced);
        long payload = payloadOf(element);
        try {
            list.set(at, payload);
            elementType.release(heap, replaced);
        } catch (RuntimeException | Error e) {
            throw interrupted("set an element of", e);
        }
        return previous;
    }

    /** Replaces the long element at {@code index}, without boxing. */
    public void setLong(long index, long element) {
        requireWritable();
        requireLongs("setLong");
        long at = checkIndex(index);
        try {
            list.set(at, element);
        } catch (RuntimeException | Error e) {
            throw interrupted("set an element of", e);
        }
    }

    /** Appends a double element without boxing. */
    public void addDouble(double element) {
        requireWritable();
        requireElements(ValueKind.DOUBLE, "addDouble");
        try {
            list.add(Double.doubleToRawLongBits(element));
        } catch (RuntimeException | Error e) {
            throw interrupted("add to", e);
        }
    }

    /** The double element at {@code index}, without boxing. */
    public double getDouble(long index) {
        requireElements(ValueKind.DOUBLE, "getDouble");
        return Double.longBitsToDouble(list.get(checkIndex(index)));
    }

    /** Replaces the double element at {@code index}, without boxing. */
    public void setDouble(long index, double element) {
        requireWritable();
        requireElements(ValueKind.DOUBLE, "setDouble");
        long at = checkIndex(index);
        try {
            list.set(at, Double.doubleToRawLongBits(element));
        } catch (RuntimeException | Error e) {
            throw interrupted("set an element of", e);
        }
    }

    /**
     * Removes the element at {@code index}, moving the later ones one place down (see the cost in
     * the class description), and returns it.
     */
    @Override
    public E remove(int index) {
        requireWritable();
        long at = checkIndex(index);
        long payload = list.get(at);
        E removed = elementOf(payload);
        try {
            list.remove(at);
            elementType.release(heap, payload);
        } catch (RuntimeException | Error e) {
            throw interrupted("remove an element of", e);
        }
        modCount++;
        return removed;
    }

    /** Removes the elements from {@code fromIndex} to {@code toIndex}, exclusive, in one pass. */
    @Override
    protected void removeRange(int fromIndex, int toIndex) {
        requireWritable();
        Objects.checkFromToIndex(fromIndex, toIndex, list.size());
        if (fromIndex == toIndex) {
            return;
        }
        try {
            for (int i = fromIndex; i < toIndex; i++) {
                elementType.release(heap, list.get(i));
            }
            list.removeRange(fromIndex, toIndex);
        } catch (RuntimeException | Error e) {
            throw interrupted("remove elements of", e);
        }
        modCount++;
    }

    /**
     * Removes and returns the last element.
     *
     * @throws NoSuchElementException if the list is empty
     */
    @Override
    public E removeLast() {
        long payload = removeLastPayload();
        E removed = elementOf(payload);
        try {
            elementType.release(heap, payload);
        } catch (RuntimeException | Error e) {
            throw interrupted("remove the last element of", e);
        }
        return removed;
    }

    /** Removes and returns the last long element, without boxing. */
    public long removeLastLong() {
        requireLongs("removeLastLong");
        return removeLastPayload();
    }

    /** Removes every element and frees the list's chunks and strings; the handle stays valid. */
    @Override
    public void clear() {
        requireWritable();
        try {
            list.clear();
        } catch (RuntimeException | Error e) {
            throw interrupted("clear", e);
        }
        modCount++;
    }

    /**
     * Clears the list and frees its header block: the handle and this object become invalid. A
     * named root pointing at the list must be removed first.
     */
    public void free() {
        requireWritable();
        try {
            list.destroy();
        } catch (RuntimeException | Error e) {
            throw interrupted("free", e);
        }
        modCount++;
    }

    private long removeLastPayload() {
        requireWritable();
        if (list.size() == 0) {
            throw new NoSuchElementException("the list is empty");
        }
        long removed;
        try {
            removed = list.removeLast();
        } catch (RuntimeException | Error e) {
            throw interrupted("remove the last element of", e);
        }
        modCount++;
        return removed;
    }

    /** Records that {@code action} on this list failed midway; see {@link BlockHeap#interrupted}. */
    private RuntimeException interrupted(String action, Throwable failure) {
        return heap.interrupted(action + " the list at handle " + list.header(), failure);
    }

    private void requireWritable() {
        if (heap.segment().isReadOnly()) {
            throw new IllegalStateException(
                    "the heap is open read-only: the list at handle " + handle() + " cannot be changed");
        }
    }

    private long checkIndex(long index) {
        return Objects.checkIndex(index, list.size());
    }

    private void checkPositionIndex(int index) {
        long size = list.size();
        if (index < 0 || index > size) {
            throw new IndexOutOfBoundsException("index " + index + " is outside 0.." + size);
        }
    }

    private void requireLongs(String method) {
        requireElements(ValueKind.LONG, method);
    }

    private void requireElements(ValueKind kind, String method) {
        if (elementType.kind() != kind) {
            throw new UnsupportedOperationException(method + " needs a list of " + kind.name().toLowerCase()
                    + " elements; this one has " + elementsOf(elementType.toString()));
        }
    }

    private long payloadOf(E element) {
        return elementType.payloadOf(heap, element, "element");
    }

    private E elementOf(long payload) {
        return elementType.valueOf(heap, payload);
    }
}
