package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.KeyFormat;

/**
 * A map's bridge from the caller's keys to its tree's key format: checks each key's type and
 * makes it the search key of a write, or of a read's own format instance.
 *
 * @param <K> the Java type of the keys
 */
final class MapKeys<K> {
    private final KeyType<K> type;
    private final KeyFormat format;
    /**
     * Each reading thread's search instance for formats that keep a buffer (string and byte array
     * keys), so that a lookup reuses it instead of allocating one per call. Other formats take a
     * new search object per call instead: it is as small as a boxed long, and measured as fast as
     * a shared one.
     */
    private final ThreadLocal<KeyFormat> searches;

    /**
     * @throws IllegalArgumentException as {@link KeyType#bind} does
     */
    MapKeys(KeyType<K> type, KeyFormat format) {
        this.type = type;
        this.format = format;
        type.bind(format);
        this.searches = format.reusableSearch() == null ? null : ThreadLocal.withInitial(format::reusableSearch);
    }

    /** Makes {@code key} the search key of the tree's writes. */
    void prepare(Object key) {
        format.prepareKey(type.check(key));
    }

    /** A search key of its own for one read, so that readers share nothing with each other or the writer. */
    KeyFormat search(Object key) {
        K checked = type.check(key);
        if (searches == null) {
            return format.searchingKey(checked);
        }
        KeyFormat search = searches.get();
        search.prepareKey(checked);
        return search;
    }
}
