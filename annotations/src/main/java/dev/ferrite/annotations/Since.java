package dev.ferrite.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field added in schema version {@link #value()}.
 *
 * <p>Layout: fields are grouped by version; a field of version {@code n} is placed after all
 * fields of earlier versions, inside the struct's {@link PersistentStruct#reserve() reserve}
 * while it fits, so existing fields never move. Reading the field from a record written by an
 * older version returns the type's default ({@code 0}, {@code false}, {@code null}); writing
 * it upgrades the record's version in place.
 *
 * <p>Rejected: a version below 2 or above the struct's {@link PersistentStruct#version()}.
 * Put it on the getter; a setter follows its getter.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Since {

    /** The schema version that added this field, from 2 to the struct's version. */
    int value();
}
