/**
 * The runtime surface that generated flyweights call: the {@link
 * dev.ferrite.runtime.struct.Flyweight} base class, the {@link
 * dev.ferrite.runtime.struct.StructStore} that owns the bytes, and the descriptors of struct
 * types and their fields.
 *
 * <p>Generated code depends on this package only, so it does not change when the heap behind
 * a store changes; the package itself depends only on the record header below it. {@link
 * dev.ferrite.runtime.struct.StructStore} is the one type for "a segment plus dirty marks": the
 * heap implements it, and so does the internal store over a bare segment that holds a heap's
 * bytes and lets tests run flyweights without a heap.
 */
package dev.ferrite.runtime.struct;
