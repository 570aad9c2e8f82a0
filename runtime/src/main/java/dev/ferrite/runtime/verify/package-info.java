/**
 * The one integrity check of a heap, behind both {@link dev.ferrite.runtime.Heap#verify()} and
 * {@link dev.ferrite.runtime.HeapVerifier}: reachability from the roots, the checks of records,
 * references, strings and collections met on the way, leaks, and then the checks of what nothing
 * reaches. It reports a {@link dev.ferrite.runtime.VerifyReport}. Not exported.
 */
package dev.ferrite.runtime.verify;
