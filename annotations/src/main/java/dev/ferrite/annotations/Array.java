package dev.ferrite.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a fixed-length array field through indexed accessors: {@code T x(int i)} and
 * {@code void x(int i, T v)}.
 *
 * <p>Layout: {@link #length()} elements of the accessor's type, one after another, aligned as
 * one element. Indexes are checked; an index outside {@code [0, length)} throws
 * {@link IndexOutOfBoundsException} naming the field, the index and the length.
 *
 * <p>Rejected: an accessor without an {@code int} index as its first parameter; a length below
 * 1.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Array {

    /** The number of elements, at least 1. */
    int length();
}
