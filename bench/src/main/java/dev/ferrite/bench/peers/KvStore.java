package dev.ferrite.bench.peers;

import java.util.function.BiConsumer;

/**
 * A transactional key-value store as a peer of Ferrite is used through its own Java API: byte
 * keys and values, reads that see the writes not yet committed, and {@link #commit()} that makes
 * every write since the last commit atomic, and durable or not as the store was opened with. One
 * small class per peer implements it, so that any benchmark can drive every peer the same way.
 * Not thread-safe: one thread drives a store.
 */
public interface KvStore extends AutoCloseable {

    /** The value of {@code key}, or {@code null}; sees this transaction's own writes. */
    byte[] get(byte[] key);

    /** Inserts or replaces the value of {@code key}. */
    void put(byte[] key, byte[] value);

    /** Removes {@code key}; returns whether it was there. */
    boolean delete(byte[] key);

    /** Commits every write since the last commit, atomically, at the durability the store was opened with. */
    void commit();

    /** Passes every committed key and value to {@code action}. */
    void forEach(BiConsumer<byte[], byte[]> action);

    /** Closes the store; uncommitted writes are discarded. */
    @Override
    void close();
}
