/**
 * The walk behind {@link dev.ferrite.runtime.HeapVerifier}: reachability from the roots, and the
 * checks of records, references, strings and collections met on the way. Not exported.
 */
package dev.ferrite.runtime.verify;
