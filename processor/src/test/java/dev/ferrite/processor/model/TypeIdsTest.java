package dev.ferrite.processor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.struct.StructType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The processor computes type ids without the runtime: both must agree on every name. */
class TypeIdsTest {

    @Test
    void processorAndRuntimeComputeTheSameTypeIds() {
        for (String name : List.of("", "com.acme.Account", "demo.Struct1371838", "fixtures.Node", "ünïcödé.Ŝtruct",
                "a", "x".repeat(1000), "com.acme.Outer.Inner")) {
            assertEquals(StructType.typeIdOf(name), TypeIds.of(name), name);
        }
    }

    @Test
    void hexShowsAllEightDigits() {
        assertEquals("0x00000001", TypeIds.hex(1));
        assertEquals("0x98df8f8e", TypeIds.hex(TypeIds.of("com.acme.Account")));
    }
}
