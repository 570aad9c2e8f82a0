package dev.ferrite.processor.layout;

import dev.ferrite.processor.model.FieldModel;
import java.util.Objects;

/**
 * Where one field lives in a record.
 *
 * @param field the field
 * @param offset byte offset from the start of the record (the header included)
 * @param elementSize bytes of one element, which is also the stride of an array
 * @param alignment the natural alignment the offset is a multiple of
 */
public record Slot(FieldModel field, long offset, long elementSize, long alignment) {

    public Slot {
        Objects.requireNonNull(field, "field");
    }

    /** Bytes the whole field occupies. */
    public long byteSize() {
        return elementSize * field.elementCount();
    }

    /** The first offset after the field. */
    public long end() {
        return offset + byteSize();
    }
}
