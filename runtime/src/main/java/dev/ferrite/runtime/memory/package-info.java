/**
 * The bytes of a heap: the {@link dev.ferrite.runtime.memory.SegmentStore} that holds them and
 * records which were written, and the fixed places in them ({@link
 * dev.ferrite.runtime.memory.HeapLayout}, the {@link dev.ferrite.runtime.memory.HeapHeader} of page
 * 0). Below the allocator and the heap. Not exported.
 */
package dev.ferrite.runtime.memory;
