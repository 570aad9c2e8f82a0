/**
 * The immutable description of validated structs that the layout and the writer work from.
 * Nothing here refers to {@code javax.lang.model}, so layouts can be computed and tested
 * without a compiler.
 */
package dev.ferrite.processor.model;
