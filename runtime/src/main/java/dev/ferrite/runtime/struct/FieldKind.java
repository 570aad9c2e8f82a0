package dev.ferrite.runtime.struct;

/** What a field of a persistent struct stores, as recorded in a {@link FieldDescriptor}. */
public enum FieldKind {
    BYTE,
    SHORT,
    CHAR,
    INT,
    LONG,
    FLOAT,
    DOUBLE,
    BOOLEAN,
    /** An enum constant: a 4-byte code, {@code 0} for {@code null}, else ordinal + 1. */
    ENUM,
    /** Inline UTF-8: a 2-byte length, then the bytes. */
    FIXED_STRING,
    /** An 8-byte reference to a string block on the heap, {@code 0} for {@code null}. */
    STRING,
    /** An 8-byte reference to another record, {@code 0} for {@code null}. */
    REFERENCE,
    /** An embedded copy of another struct's whole record. */
    INLINE,
    /**
     * The 8-byte handle of a {@code PersistentSortedMap} the record owns, {@code 0} until first
     * used; its key and value types are in the descriptor.
     */
    SORTED_MAP,
    /** The 8-byte handle of a {@code PersistentList} the record owns, {@code 0} until first used. */
    LIST
}
