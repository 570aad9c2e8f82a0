/**
 * The heap inside its file: the header, the layout of the file, metadata blocks, the string
 * store and {@link dev.ferrite.runtime.heap.HeapCore}, which ties allocator, catalog and roots
 * together behind the {@link dev.ferrite.runtime.struct.StructStore} of generated code and the
 * {@link dev.ferrite.runtime.heap.BlockHeap} of the runtime's collections. Not exported.
 */
package dev.ferrite.runtime.heap;
