package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.heap.BlockHeap;
import java.util.Arrays;

/**
 * {@code byte[]} keys in {@link VariableKeyFormat}'s slots, ordered as {@link
 * Arrays#compareUnsigned(byte[], byte[])} orders them: byte by byte as numbers 0..255, a proper
 * prefix first, the empty array before all others. Keys are copied in when prepared and out
 * when read, so a caller's array is never kept or shared.
 */
public final class BytesKeyFormat extends VariableKeyFormat {

    BytesKeyFormat(BlockHeap heap) {
        this(heap, 64);
    }

    private BytesKeyFormat(BlockHeap heap, int capacity) {
        super(heap, capacity);
    }

    /**
     * Makes a copy of {@code key} the search key.
     *
     * @throws IllegalArgumentException if the key is longer than {@link #MAX_KEY_BYTES}
     */
    @Override
    public void prepareKey(Object key) {
        byte[] bytes = (byte[]) key;
        if (bytes.length > MAX_KEY_BYTES) {
            throw tooLong(bytes.length);
        }
        System.arraycopy(bytes, 0, searchBuffer(bytes.length), 0, bytes.length);
        searchLength(bytes.length);
    }

    @Override
    public BytesKeyFormat searchingKey(Object key) {
        BytesKeyFormat search = new BytesKeyFormat(heap, Math.max(8, ((byte[]) key).length));
        search.prepareKey(key);
        return search;
    }

    @Override
    public BytesKeyFormat reusableSearch() {
        return new BytesKeyFormat(heap);
    }

    @Override
    public int code() {
        return BYTES;
    }

    @Override
    int compareAt(int a, int b) {
        return a - b;
    }

    @Override
    Object read(long slot) {
        return storedBytes(slot);
    }

    @Override
    int compareSlots(long a, long b) {
        return Arrays.compareUnsigned(storedBytes(a), storedBytes(b));
    }
}
