package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.KeyFormat;
import java.util.Comparator;

/**
 * The kind of keys of a {@link PersistentSortedMap}, fixed when the map is created and checked
 * whenever it is opened.
 *
 * <p>{@link #STRING} keys are stored as UTF-8 and sorted exactly as {@link String#compareTo}
 * sorts them (UTF-16 code unit order), so a map iterates in the same order as a {@code
 * TreeMap<String, V>}. Keys must be valid Unicode (no unpaired surrogates) and at most 16 MiB in
 * UTF-8. {@link #LONG} keys sort as signed numbers.
 *
 * @param <K> the Java type of the keys
 */
public final class KeyType<K> {
    /** String keys in {@link String#compareTo} order. */
    public static final KeyType<String> STRING =
            new KeyType<>(String.class, KeyFormat.STRING, "String", Comparator.naturalOrder());
    /** {@code long} keys in signed numeric order. */
    public static final KeyType<Long> LONG = new KeyType<>(Long.class, KeyFormat.LONG, "long", Comparator.naturalOrder());

    private final Class<K> javaType;
    private final int code;
    private final String name;
    private final Comparator<K> order;

    private KeyType(Class<K> javaType, int code, String name, Comparator<K> order) {
        this.javaType = javaType;
        this.code = code;
        this.name = name;
        this.order = order;
    }

    /** The code of this kind in a map's header. */
    int code() {
        return code;
    }

    /** The order of the keys, as the map keeps them. */
    Comparator<K> order() {
        return order;
    }

    /** Checks a key given by a caller and returns it as a {@code K}. */
    K check(Object key) {
        if (key == null) {
            throw new NullPointerException("key is null; sorted maps have no null keys");
        }
        return javaType.cast(key);
    }

    /** How a map header with key code {@code code} is described in messages. */
    static String describe(int code) {
        return code == LONG.code ? LONG.toString() : code == STRING.code ? STRING.toString() : "unknown keys";
    }

    @Override
    public String toString() {
        return name + " keys";
    }
}
