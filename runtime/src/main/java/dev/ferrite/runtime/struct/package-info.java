/**
 * The runtime surface that generated flyweights call: the {@link
 * dev.ferrite.runtime.struct.Flyweight} base class, the {@link
 * dev.ferrite.runtime.struct.StructStore} that owns the bytes, and the descriptors of struct
 * types and their fields.
 *
 * <p>Generated code depends on this package only, so it does not change when the heap behind
 * a store changes. A flyweight works over any {@link java.lang.foreign.MemorySegment} through
 * {@link dev.ferrite.runtime.memory.SegmentStore}, and over a heap file through the heap's own
 * store.
 */
package dev.ferrite.runtime.struct;
