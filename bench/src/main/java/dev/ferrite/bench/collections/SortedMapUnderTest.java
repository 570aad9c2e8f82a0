package dev.ferrite.bench.collections;

import org.openjdk.jmh.infra.Blackhole;

/**
 * One sorted map of long values, behind the operations the map benchmarks time, so that each
 * benchmark method runs the same code against every map.
 *
 * @param <K> the key type
 */
interface SortedMapUnderTest<K> extends AutoCloseable {
    /** The value under {@code key}, or {@code null}. */
    Long get(K key);

    /** Stores {@code value} under {@code key}. */
    void put(K key, Long value);

    /** Removes the entry under {@code key}. */
    void remove(K key);

    /** Visits every entry in key order, hands each key to {@code keys}, and returns the sum of the values. */
    long scan(Blackhole keys);

    /** Makes the changes so far durable where the map can: between iterations, never timed. */
    void commit();

    @Override
    void close();
}
