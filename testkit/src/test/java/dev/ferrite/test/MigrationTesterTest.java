package dev.ferrite.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.Migration;
import dev.ferrite.runtime.SchemaMigrationRequiredException;
import dev.ferrite.test.structs.Customer;
import dev.ferrite.test.structs.CustomerFlyweight;
import dev.ferrite.test.structs.Tier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Customer version 1 exists only as src/test/schemas/dev.ferrite.test.structs.Customer/1.json;
 * the compiled version 2 renamed {@code cents} to {@code balanceCents} and added {@code vip}.
 */
class MigrationTesterTest {
    private static final Path SCHEMAS = Path.of("src/test/schemas");
    private static final String CUSTOMER = "dev.ferrite.test.structs.Customer";

    @TempDir
    Path dir;

    @Test
    void aHeapOfVersion1MigratesToTheCompiledVersion2() {
        Path heapFile = dir.resolve("customers.heap");
        MigrationTester tester = MigrationTester.of(SCHEMAS);
        try (SchemaHeap old = tester.createHeap(heapFile)) {
            SchemaRecord referrer = old.record(CUSTOMER, 1, Map.of("id", 1L, "name", "Grace", "tier", Tier.GOLD));
            old.root("main", CUSTOMER, 1, Map.of("id", 7L, "name", "Ada", "cents", 1250, "memo", "first customer",
                    "tier", "SILVER", "referrer", referrer, "scores", new short[] {3, 1, 4}));
        }
        // The compiled version cannot read version 1 as it is: the rename needs the migration.
        assertThrows(SchemaMigrationRequiredException.class, () -> Heap.open(heapFile).close());

        Migration.Result result = tester.migrate(heapFile, List.of(CustomerFlyweight.TYPE));

        assertEquals(2, result.rewritten(), result.toString());
        try (Heap heap = Heap.open(heapFile)) {
            Customer ada = heap.root("main", Customer.class);
            assertEquals(7, ada.id());
            assertEquals("Ada", ada.name());
            assertEquals(1250, ada.balanceCents());
            assertEquals("first customer", ada.memo());
            assertEquals(Tier.SILVER, ada.tier());
            assertEquals(List.of((short) 3, (short) 1, (short) 4), List.of(ada.scores(0), ada.scores(1), ada.scores(2)));
            assertFalse(ada.vip());
            Customer grace = ada.referrer();
            assertEquals("Grace", grace.name());
            assertEquals(Tier.GOLD, grace.tier());
            assertNull(grace.memo());
            assertNull(grace.referrer());
        }
    }

    @Test
    void valuesAFieldCannotHoldAreRefusedNamingTheField() {
        MigrationTester tester = MigrationTester.of(SCHEMAS);
        try (SchemaHeap old = tester.createHeap(dir.resolve("customers.heap"))) {
            assertEquals(CUSTOMER + ".name: \"a name of more than sixteen bytes\" is 33 bytes in UTF-8, more than the"
                    + " limit of 16", assertThrows(IllegalArgumentException.class,
                            () -> old.record(CUSTOMER, 1, Map.of("name", "a name of more than sixteen bytes")))
                            .getMessage());
            assertEquals(CUSTOMER + ".cents takes an integral number, not 12.5 (Double)", assertThrows(
                    IllegalArgumentException.class, () -> old.record(CUSTOMER, 1, Map.of("cents", 12.5))).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> old.record(CUSTOMER, 1, Map.of("tier", "PLATINUM")))
                    .getMessage().contains("no constant PLATINUM in this version, which has [BRONZE, SILVER, GOLD]"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> old.record(CUSTOMER, 1, Map.of("balanceCents", 1)))
                    .getMessage().contains("version 1 has no field balanceCents"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> old.record(CUSTOMER, 3, Map.of()))
                    .getMessage().contains("the folder holds versions [1, 2] of " + CUSTOMER));
        }
    }
}
