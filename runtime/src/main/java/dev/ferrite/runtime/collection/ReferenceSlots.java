package dev.ferrite.runtime.collection;

/**
 * Receives what the blocks of a collection hold that can point at other blocks, for a tool that
 * moves blocks and must rewrite every offset that names them.
 */
public interface ReferenceSlots {
    /** The 8-byte word at {@code address} holds the offset of a block, or 0. */
    void slot(long address);

    /**
     * The 8-byte word at {@code address} holds a plain {@code long} value of the collection, which
     * an application may have used to keep the handle of another collection.
     */
    void number(long address);
}
