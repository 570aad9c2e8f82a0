package dev.ferrite.processor.model;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Type ids of schema names, computed exactly as the runtime's {@code StructType.typeIdOf}
 * does (the processor does not depend on the runtime): the CRC-32C of the UTF-8 bytes, with
 * {@code 0} mapped to {@code 1} because a zero header means "no record".
 */
public final class TypeIds {
    private TypeIds() {}

    /** The type id of {@code schemaName}. */
    public static int of(String schemaName) {
        CRC32C crc = new CRC32C();
        crc.update(schemaName.getBytes(StandardCharsets.UTF_8));
        int id = (int) crc.getValue();
        return id == 0 ? 1 : id;
    }

    /** The id as written in generated code and messages: {@code 0x} and eight hex digits. */
    public static String hex(int typeId) {
        return String.format("0x%08x", typeId);
    }
}
