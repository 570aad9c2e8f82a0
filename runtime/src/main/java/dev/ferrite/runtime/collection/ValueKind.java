package dev.ferrite.runtime.collection;

/** What the 8-byte payload of a map entry or list element holds; the code is stored in headers. */
public enum ValueKind {
    /** A plain {@code long}. */
    LONG(1),
    /** The offset of a struct record the collection does not own, 0 for {@code null}. */
    REFERENCE(2),
    /** The offset of a struct record the collection allocated and frees. */
    STRUCT(3),
    /** A {@code double}, as the bits of {@link Double#doubleToRawLongBits}. */
    DOUBLE(4),
    /** The offset of a heap string the collection allocated and frees, 0 for {@code null}. */
    STRING(5);

    private final int code;

    ValueKind(int code) {
        this.code = code;
    }

    /** The code stored in a collection's header. */
    public int code() {
        return code;
    }

    /** Whether the payload is a block the collection frees when the entry goes. */
    public boolean owned() {
        return this == STRUCT || this == STRING;
    }

    /** The kind stored as {@code code}, or {@code null} if no kind has that code. */
    public static ValueKind ofCode(int code) {
        for (ValueKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
