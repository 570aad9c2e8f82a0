package dev.ferrite.processor.layout;

/** One contiguous part of a record, in offset order: the header, a field, or padding. */
public sealed interface Region {

    /** Offset of the region from the start of the record. */
    long offset();

    /** Bytes of the region. */
    long byteSize();

    /** The record header: type id, version and two flag bytes. */
    record Header() implements Region {
        @Override
        public long offset() {
            return 0;
        }

        @Override
        public long byteSize() {
            return Layouts.HEADER_SIZE;
        }
    }

    /** A field. */
    record Field(Slot slot) implements Region {
        @Override
        public long offset() {
            return slot.offset();
        }

        @Override
        public long byteSize() {
            return slot.byteSize();
        }
    }

    /**
     * Unused bytes.
     *
     * @param name {@code "padding0"}, {@code "padding1"} and so on in offset order for alignment,
     *     {@code "reserve"} for reserved space not yet used by any field: unique in a record, so
     *     that every member of the record's {@code StructLayout} has its own name
     */
    record Padding(long offset, long byteSize, String name) implements Region {}
}
