package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.ChunkedList;
import dev.ferrite.runtime.collection.ValueKind;
import dev.ferrite.runtime.heap.BlockHeap;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A growable list that lives in a {@link Heap}, of {@link ValueType#LONG long}, {@link
 * ValueType#DOUBLE double} or {@link ValueType#STRING string} elements (strings the list owns and
 * frees when they are replaced or removed; {@code null} allowed), or of {@link ValueType#reference
 * references} to struct records (which the list does not own; {@code null} allowed). Its changes
 * become durable with {@link Heap#commit()} like any other write.
 *
 * <pre>{@code
 * PersistentList<Account> accounts = PersistentList.root(heap, "accounts", ValueType.reference(Account.class));
 * accounts.add(heap.allocate(Account.class));
 * heap.commit();
 * }</pre>
 *
 * <p>Elements are kept in chunks that never move: adding never copies the list, and dirties the
 * page of the last chunk and the list's header. Indexes are {@code long}. Found again through a
 * named root ({@link #root}) or its {@link #handle()}, like {@link PersistentSortedMap}; the object
 * keeps no state of its own, so a rollback leaves it valid.
 *
 * <p><b>Threads.</b> Like {@link java.util.ArrayList}: while no thread writes, any number of
 * threads may read one list object at once — {@link #get}, {@link #getLong}, {@link #size}, {@link
 * #isEmpty} and iteration — since the list keeps no state between calls. Writes ({@link #add},
 * {@link #addLong}, {@link #set}, {@link #setLong}, {@link #removeLast}, {@link #removeLastLong},
 * {@link #clear}, {@link #free}) follow the heap's rule of one writer, and no thread may read the
 * list while a thread writes it. An iterator is for one thread; each reading thread takes its own.
 * Reference elements come back as a new flyweight for each call.
 *
 * @param <E> {@link Long}, {@link Double}, {@link String} or a struct interface
 */
public final class PersistentList<E> implements Iterable<E> {
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

    /** The number of elements. */
    public long size() {
        return list.size();
    }

    /** Whether the list has no elements. */
    public boolean isEmpty() {
        return list.size() == 0;
    }

    /**
     * Appends {@code element}.
     *
     * @throws IllegalArgumentException if a reference is to a record of another heap or type
     */
    public void add(E element) {
        requireWritable();
        long payload = payloadOf(element);
        try {
            list.add(payload);
        } catch (RuntimeException | Error e) {
            throw interrupted("add to", e);
        }
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
    }

    /**
     * The element at {@code index}.
     *
     * @throws IndexOutOfBoundsException if {@code index} is not below {@link #size()}
     */
    public E get(long index) {
        return elementOf(list.get(checkIndex(index)));
    }

    /** The long element at {@code index}, without boxing. */
    public long getLong(long index) {
        requireLongs("getLong");
        return list.get(checkIndex(index));
    }

    /** Replaces the element at {@code index} and returns the one it replaced. */
    public E set(long index, E element) {
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
     * Removes and returns the last element.
     *
     * @throws NoSuchElementException if the list is empty
     */
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
    public void clear() {
        requireWritable();
        try {
            list.clear();
        } catch (RuntimeException | Error e) {
            throw interrupted("clear", e);
        }
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
    }

    /**
     * The elements from first to last. The iterator fails with {@link
     * ConcurrentModificationException} if the list's size changes while it is in use.
     */
    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private final long size = list.size();
            private long next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public E next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                if (list.size() != size) {
                    throw new ConcurrentModificationException("the list changed size during iteration");
                }
                return elementOf(list.get(next++));
            }
        };
    }

    @Override
    public String toString() {
        return "PersistentList[handle=" + handle() + ", " + elementsOf(elementType.toString()) + ", size=" + size() + "]";
    }

    private long removeLastPayload() {
        requireWritable();
        if (list.size() == 0) {
            throw new NoSuchElementException("the list is empty");
        }
        try {
            return list.removeLast();
        } catch (RuntimeException | Error e) {
            throw interrupted("remove the last element of", e);
        }
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
