/**
 * The allocator: a page table of checksummed descriptors at the front of the file, one-page
 * slabs of size-classed blocks and runs of whole pages, with free lists rebuilt in memory when a
 * heap opens. Not exported.
 */
package dev.ferrite.runtime.alloc;
