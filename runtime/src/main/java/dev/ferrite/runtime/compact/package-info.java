/**
 * Compaction: moves the blocks at the end of a heap into the free space below them, rewrites every
 * offset that names a moved block, and lowers the end of the used pages, so that the file gives
 * the space above back. Behind {@code Heap.compact()} and {@code ferrite compact}; not exported.
 */
package dev.ferrite.runtime.compact;
