/**
 * The heap inside its memory. {@link dev.ferrite.runtime.heap.HeapCore} ties the parts together
 * behind the {@link dev.ferrite.runtime.struct.StructStore} of generated code and the {@link
 * dev.ferrite.runtime.heap.BlockHeap} of the runtime's collections; each part is its own class:
 * the type {@code Catalog}, the {@code RootTable}, the {@link dev.ferrite.runtime.heap.HeapStrings},
 * the {@code RecordCheck} made before a reference is followed, the {@code UnfinishedOperations} of operations
 * that stop midway, and the {@code MetadataBlock}s the catalog and the root table are stored in.
 * {@link dev.ferrite.runtime.heap.HeapFiles} and {@link dev.ferrite.runtime.heap.FamsMemory} put a
 * heap in a file. Not exported.
 */
package dev.ferrite.runtime.heap;
