/**
 * Annotations that declare persistent structs.
 *
 * <p>An interface annotated with {@link dev.ferrite.annotations.PersistentStruct} describes a
 * fixed-layout record; the Ferrite annotation processor generates a flyweight class that reads
 * and writes such records in a {@link java.lang.foreign.MemorySegment}. The other annotations
 * refine how single accessors are laid out. Every misuse is reported by the processor as a
 * compile error on the element at fault.
 */
package dev.ferrite.annotations;
