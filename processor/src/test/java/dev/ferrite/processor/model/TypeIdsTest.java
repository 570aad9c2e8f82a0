package dev.ferrite.processor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.struct.StructType;
import org.junit.jupiter.api.Test;

class TypeIdsTest {

    @Test
    void hexShowsAllEightDigits() {
        assertEquals("0x00000001", TypeIds.hex(1));
        assertEquals("0x98df8f8e", TypeIds.hex(StructType.typeIdOf("com.acme.Account")));
    }
}
