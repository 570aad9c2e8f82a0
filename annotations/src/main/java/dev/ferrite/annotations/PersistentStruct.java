package dev.ferrite.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a persistent struct: a fixed-layout record stored in a heap file.
 *
 * <p>Each pair of accessors {@code T x()} / {@code void x(T v)} declares one field (JavaBeans
 * {@code getX}/{@code setX}/{@code isX} are accepted when the interface uses them throughout;
 * a setter may return the interface for chaining). A getter without a setter is a read-only
 * field. Field types: the eight primitives, enums, {@code String} (inline with
 * {@link FixedString}, otherwise allocated on the heap), other persistent structs (a
 * reference, or an embedded copy with {@link Inline}), and {@link Array} indexed accessors of
 * any of these.
 *
 * <h2>Layout</h2>
 * Every record starts with an 8-byte header holding its type id and schema version. Fields
 * follow in declaration order, each at its natural alignment; fields added in later versions
 * ({@link Since}) follow all earlier ones and fill the {@link #reserve()} bytes first. The size
 * is rounded up to a multiple of 8. All values are little-endian on every platform. Adding a
 * field never moves an existing one.
 *
 * <h2>Rejected</h2>
 * The processor rejects, on the element at fault: a class, enum or record instead of an
 * interface; a generic interface; {@code version} below 1; a negative {@code reserve}; a
 * schema name whose type id collides with another struct's.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface PersistentStruct {

    /**
     * The schema version of this declaration, at least 1. Raise it when adding fields, and mark
     * each added field with {@link Since}.
     */
    int version() default 1;

    /**
     * Spare bytes kept after the fields of version 1, where fields of later versions go while
     * they fit; once they no longer fit the record grows, and existing heaps need a migration.
     * Must not be negative.
     */
    int reserve() default 0;

    /**
     * The stable schema name stored in heaps and used to derive the type id. Defaults to the
     * interface's qualified name, so a struct can be moved to another package or renamed
     * safely only if this is set.
     */
    String name() default "";
}
