/**
 * The model stage: reads and validates {@code javax.lang.model} elements into the immutable
 * {@link dev.ferrite.processor.model.StructModel}, reporting every misuse on the element at
 * fault.
 */
package dev.ferrite.processor.read;
