package dev.ferrite.runtime;

import dev.ferrite.runtime.collection.EnumKeyFormat;
import dev.ferrite.runtime.collection.KeyFormat;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * The kind of keys of a {@link PersistentSortedMap}, fixed when the map is created and checked
 * whenever it is opened. A map iterates in the order of {@link java.util.TreeMap} with the same
 * keys (for {@link #BYTES}, a {@code TreeMap} with {@link Arrays#compareUnsigned(byte[], byte[])}
 * as its comparator).
 *
 * <ul>
 *   <li>{@link #LONG} and {@link #INT}: signed numeric order.
 *   <li>{@link #STRING}: stored as UTF-8 and sorted exactly as {@link String#compareTo} sorts them
 *       (UTF-16 code unit order). Keys must be valid Unicode (no unpaired surrogates) and at most
 *       16 MiB in UTF-8.
 *   <li>{@link #UUID}: {@link java.util.UUID#compareTo} order, which compares the most and then
 *       the least significant 64 bits as <em>signed</em> numbers: a UUID whose first hex digit is
 *       8 or more sorts before one whose first digit is 0.
 *   <li>{@link #BYTES}: unsigned lexicographic order, as {@link Arrays#compareUnsigned(byte[],
 *       byte[])}: a proper prefix first, the empty array before every other. At most 16 MiB. The
 *       map copies a key when it is given and returns a new array each time one is read, so
 *       changing an array afterwards changes nothing in the map. Keys are found by content.
 *   <li>{@link #enumType(Class)}: ordinal order, as a {@code TreeMap} or {@code EnumMap} of the
 *       enum. Keys are stored as ordinals and the map records the constants' names, so the enum
 *       may gain constants at its end; opening the map with an enum whose existing constants were
 *       removed, renamed or reordered fails with an {@link IllegalArgumentException} naming the
 *       recorded and the current constants, rather than reading keys as the wrong constants.
 * </ul>
 *
 * @param <K> the Java type of the keys
 */
public final class KeyType<K> {
    /** String keys in {@link String#compareTo} order. */
    public static final KeyType<String> STRING =
            new KeyType<>(String.class, KeyFormat.STRING, "String", Comparator.naturalOrder());
    /** {@code long} keys in signed numeric order. */
    public static final KeyType<Long> LONG = new KeyType<>(Long.class, KeyFormat.LONG, "long", Comparator.naturalOrder());
    /** {@code int} keys in signed numeric order. */
    public static final KeyType<Integer> INT =
            new KeyType<>(Integer.class, KeyFormat.INT, "int", Comparator.naturalOrder());
    /** {@link java.util.UUID} keys in {@link java.util.UUID#compareTo} order. */
    public static final KeyType<java.util.UUID> UUID =
            new KeyType<>(java.util.UUID.class, KeyFormat.UUID, "UUID", Comparator.naturalOrder());
    /** {@code byte[]} keys in unsigned lexicographic order ({@link Arrays#compareUnsigned(byte[], byte[])}). */
    public static final KeyType<byte[]> BYTES =
            new KeyType<>(byte[].class, KeyFormat.BYTES, "byte[]", Arrays::compareUnsigned);

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

    /**
     * Keys that are constants of the enum {@code type}, in ordinal order; see the class
     * documentation for what may change in the enum.
     */
    public static <E extends Enum<E>> KeyType<E> enumType(Class<E> type) {
        Objects.requireNonNull(type, "type");
        if (!type.isEnum()) {
            throw new IllegalArgumentException(type.getName() + " is not an enum");
        }
        return new KeyType<>(type, KeyFormat.ENUM, "enum " + type.getName(), Comparator.naturalOrder());
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

    /**
     * Prepares the format of a map of these keys for reading and writing them: binds enum keys to
     * their enum, after checking it against the constants the map recorded.
     *
     * @throws IllegalArgumentException if the enum's constants no longer match the recorded ones
     */
    @SuppressWarnings("unchecked")
    void bind(KeyFormat format) {
        if (format instanceof EnumKeyFormat enumKeys) {
            enumKeys.bind((Class<? extends Enum<?>>) javaType);
        }
    }

    /** How a map header with key code {@code code} is described in messages. */
    static String describe(int code) {
        return switch (code) {
            case KeyFormat.LONG -> LONG.toString();
            case KeyFormat.STRING -> STRING.toString();
            case KeyFormat.INT -> INT.toString();
            case KeyFormat.UUID -> UUID.toString();
            case KeyFormat.BYTES -> BYTES.toString();
            case KeyFormat.ENUM -> "enum keys";
            default -> "unknown keys";
        };
    }

    /** Key types are equal when they are of the same kind and Java type, as two {@code enumType(E.class)} are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof KeyType<?> that && code == that.code && javaType == that.javaType;
    }

    @Override
    public int hashCode() {
        return 31 * code + javaType.hashCode();
    }

    @Override
    public String toString() {
        return name + " keys";
    }
}
