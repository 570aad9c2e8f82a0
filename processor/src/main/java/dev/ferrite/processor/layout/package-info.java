/**
 * The layout stage: a pure function from a struct model to offsets, sizes and padding. It
 * imports nothing from {@code javax.lang.model}; the rules are documented in {@code
 * dev.ferrite.processor}.
 */
package dev.ferrite.processor.layout;
