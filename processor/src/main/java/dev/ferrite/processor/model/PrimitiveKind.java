package dev.ferrite.processor.model;

/** The eight primitive field types, with their stored width in bytes. */
public enum PrimitiveKind {
    BYTE(1),
    SHORT(2),
    CHAR(2),
    INT(4),
    LONG(8),
    FLOAT(4),
    DOUBLE(8),
    /** Stored as one byte, {@code 0} or {@code 1}. */
    BOOLEAN(1);

    private final int bytes;

    PrimitiveKind(int bytes) {
        this.bytes = bytes;
    }

    /** Stored width in bytes, which is also the natural alignment. */
    public int bytes() {
        return bytes;
    }
}
