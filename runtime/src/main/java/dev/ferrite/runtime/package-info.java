/**
 * The Ferrite runtime: the persistent heap and its exceptions.
 *
 * <p>Every exception Ferrite throws for a problem with a heap is an unchecked {@link
 * dev.ferrite.runtime.FerriteException}.
 */
package dev.ferrite.runtime;
