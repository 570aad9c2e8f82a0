package dev.ferrite.processor.model;

import dev.ferrite.runtime.struct.StructType;

/** Type ids as generated code and messages write them; the ids themselves are {@link StructType#typeIdOf}. */
public final class TypeIds {
    private TypeIds() {}

    /** The id as written in generated code and messages: {@code 0x} and eight hex digits. */
    public static String hex(int typeId) {
        return String.format("0x%08x", typeId);
    }
}
