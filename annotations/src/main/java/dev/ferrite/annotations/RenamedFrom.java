package dev.ferrite.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that this field was called {@link #value()} before schema version {@link #since()},
 * the way Android Room's {@code @RenameColumn} declares a rename for an auto-migration.
 *
 * <pre>{@code
 * @PersistentStruct(version = 3)
 * public interface Account {
 *     @RenamedFrom(value = "owner", since = 3) String holder();   // was owner() up to version 2
 * }
 * }</pre>
 *
 * <p>Layout: none of its own; the field keeps the place its declaration gives it. But heaps name
 * fields in their catalog, so records written before {@code since} need {@code ferrite migrate},
 * which copies the old field's value into the renamed one. The exported schema records the old
 * name, and the processor's check against exported versions accepts the old field's absence
 * only because of this declaration. A field renamed more than once carries one declaration per
 * rename, so that heaps of every earlier version can be migrated.
 *
 * <p>Rejected: {@code since} below 2, above the struct's {@link PersistentStruct#version()}, or
 * not above the field's own {@link Since}; an old name that is blank, the name of a field of the
 * struct, or declared twice. Put it on the getter; a setter follows its getter.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
@Repeatable(RenamedFrom.List.class)
public @interface RenamedFrom {

    /** The field's name in the versions before {@link #since()}. */
    String value();

    /** The schema version that introduced the new name, from 2 to the struct's version. */
    int since();

    /** Holds repeated {@link RenamedFrom} declarations; write those instead. */
    @Documented
    @Retention(RetentionPolicy.CLASS)
    @Target(ElementType.METHOD)
    @interface List {

        /** The renames, in declaration order. */
        RenamedFrom[] value();
    }
}
