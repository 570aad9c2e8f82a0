package dev.ferrite.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the struct values of a {@code PersistentSortedMap<K, V>} field owned by the map: the map
 * creates them ({@code getOrCreate}), frees them when their entry is removed or the map cleared,
 * and the record frees them with the map when it is freed. Without it, the values of a struct type
 * are references to records the map does not own.
 *
 * <pre>{@code
 * @PersistentStruct
 * public interface Library {
 *     @Owned PersistentSortedMap<String, Book> books();   // each Book belongs to the library
 *     PersistentSortedMap<String, Author> authors();      // references to Author records
 * }
 * }</pre>
 *
 * <p>Rejected: on anything but the getter of a sorted map field whose values are a {@link
 * PersistentStruct} type (lists hold references).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Owned {
}
