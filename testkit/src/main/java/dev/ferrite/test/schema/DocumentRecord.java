package dev.ferrite.test.schema;

import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.StructType;

/** A record of a struct known only from its exported schema: a flyweight without accessors. */
final class DocumentRecord extends Flyweight {
    private final StructType<?> type;

    DocumentRecord(StructType<?> type) {
        this.type = type;
    }

    @Override
    public StructType<?> structType() {
        return type;
    }
}
