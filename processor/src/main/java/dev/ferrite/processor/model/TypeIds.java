package dev.ferrite.processor.model;

import dev.ferrite.runtime.struct.StructType;

/** Type ids of schema names, as records carry them: {@link StructType#typeIdOf}. */
public final class TypeIds {
    private TypeIds() {}

    /** The type id of {@code schemaName}. */
    public static int of(String schemaName) {
        return StructType.typeIdOf(schemaName);
    }

    /** The id as written in generated code and messages: {@code 0x} and eight hex digits. */
    public static String hex(int typeId) {
        return String.format("0x%08x", typeId);
    }
}
