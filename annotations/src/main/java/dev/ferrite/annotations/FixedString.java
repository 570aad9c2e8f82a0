package dev.ferrite.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stores a {@code String} field inline in the record as UTF-8, in at most {@link #value()}
 * bytes, instead of allocating it on the heap.
 *
 * <p>Layout: a 2-byte little-endian length followed by {@code value()} bytes, aligned to 2.
 * Writing a string whose UTF-8 encoding is longer than the limit throws
 * {@link IllegalArgumentException} naming the field and the limit; nothing is written.
 *
 * <p>Rejected: on an accessor whose type is not {@code String}; a limit below 1 or above
 * 65535.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface FixedString {

    /** The maximum length of the value in UTF-8 bytes, from 1 to 65535. */
    int value();
}
