package dev.ferrite.runtime.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.SchemaMigrationRequiredException;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {
    private static final String NAME = "test.Order";
    private static final List<FieldDescriptor> V1 = List.of(
            FieldDescriptor.of("id", FieldKind.LONG, 8, 8),
            FieldDescriptor.of("customer", FieldKind.REFERENCE, 16, 8).target("test.Customer"),
            FieldDescriptor.of("state", FieldKind.ENUM, 24, 4).target("com.acme.State").constants(List.of("NEW", "PAID")));

    private static TypeEntry order(int version, List<FieldDescriptor> fields) {
        return new TypeEntry(NAME, StructType.typeIdOf(NAME), version, 40, fields);
    }

    private static List<FieldDescriptor> with(int index, FieldDescriptor field) {
        List<FieldDescriptor> fields = new ArrayList<>(V1);
        fields.set(index, field);
        return fields;
    }

    @Test
    void newTypeAndNewerCompatibleVersionAreRecorded() {
        assertTrue(SchemaCheck.check(null, order(1, V1), "h"));
        assertFalse(SchemaCheck.check(order(1, V1), order(1, V1), "h"));
        List<FieldDescriptor> v2 = new ArrayList<>(V1);
        v2.add(FieldDescriptor.of("total", FieldKind.LONG, 32, 8).since(2));
        assertTrue(SchemaCheck.check(order(1, V1), order(2, v2), "h"));
        var appended = with(2, V1.get(2).constants(List.of("NEW", "PAID", "SHIPPED")));
        assertTrue(SchemaCheck.check(order(1, V1), order(2, appended), "h"), "enum constants may be appended");
    }

    @Test
    void anOlderCompiledVersionUsesNewerRecordsThatOnlyAddedFieldsInTheReserve() {
        List<FieldDescriptor> v3 = new ArrayList<>(V1);
        v3.add(FieldDescriptor.of("total", FieldKind.LONG, 32, 8).since(3));
        assertFalse(SchemaCheck.check(order(3, v3), order(2, V1), "h"), "the catalog keeps the newer layout");
        var appended = with(2, V1.get(2).constants(List.of("NEW", "PAID", "SHIPPED")).since(1));
        assertFalse(SchemaCheck.check(order(3, appended), order(2, V1), "h"));
    }

    @Test
    void anOlderCompiledVersionIsRefusedALayoutItCannotReadWithTheReason() {
        var grown = assertThrows(SchemaMigrationRequiredException.class,
                () -> SchemaCheck.check(new TypeEntry(NAME, StructType.typeIdOf(NAME), 3, 48, V1), order(2, V1), "h"));
        assertEquals("h stores test.Order version 3, newer than the compiled version 2, which cannot read its records"
                + " as they are: its records are 48 bytes, 40 compiled (version 3 added fields beyond the reserve of"
                + " version 2); use the newer application that wrote it", grown.getMessage());
        var moved = assertThrows(SchemaMigrationRequiredException.class, () -> SchemaCheck.check(
                order(3, with(0, FieldDescriptor.of("id", FieldKind.LONG, 32, 8))), order(2, V1), "h"));
        assertTrue(moved.getMessage().contains("field id: moved from offset 8 to 32"), moved.getMessage());
        var removed = assertThrows(SchemaMigrationRequiredException.class,
                () -> SchemaCheck.check(order(3, V1.subList(0, 2)), order(2, V1), "h"));
        assertTrue(removed.getMessage().contains("field state of the compiled version was renamed or removed"),
                removed.getMessage());
        List<FieldDescriptor> overlapping = new ArrayList<>(V1);
        overlapping.add(FieldDescriptor.of("total", FieldKind.LONG, 20, 8).since(3));
        var overlap = assertThrows(SchemaMigrationRequiredException.class,
                () -> SchemaCheck.check(order(3, overlapping), order(2, V1), "h"));
        assertTrue(overlap.getMessage().contains("field total of version 3 overlaps the compiled field customer"),
                overlap.getMessage());
    }

    @Test
    void aFieldThatDisappearedWithoutADeclarationNamesBothFixes() {
        List<FieldDescriptor> renamed = with(0, FieldDescriptor.of("number", FieldKind.LONG, 8, 8));
        var e = assertThrows(SchemaMigrationRequiredException.class,
                () -> SchemaCheck.check(order(1, V1), order(1, renamed), "h"));
        assertTrue(e.getMessage().contains("test.Order.id is stored in version 1 but the compiled version 1 neither"
                + " has it nor declares it removed"), e.getMessage());
        assertTrue(e.getMessage().contains("If it was renamed (to number?), declare @RenamedFrom(value = \"id\","
                + " since = 2) on the new field and raise @PersistentStruct(version) of test.Order to 2"), e.getMessage());
        assertTrue(e.getMessage().contains("--rename test.Order:id=number"), e.getMessage());
        assertTrue(e.getMessage().contains("@RemovedField(name = \"id\", since = 2)"), e.getMessage());
        assertTrue(e.getMessage().contains("--drop test.Order.id"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Then migrate the heap with `ferrite migrate h --classpath <your compiled"
                + " classes>`"), e.getMessage());
        var declared = assertThrows(SchemaMigrationRequiredException.class,
                () -> SchemaCheck.check(order(1, V1), order(2, renamed), java.util.Set.of("id"), "h"));
        assertTrue(declared.getMessage().contains("field id: it was removed; migrate the heap"), declared.getMessage());
    }

    @Test
    void incompatibleLayoutsAreRefusedWithTheReason() {
        assertRefused(with(0, FieldDescriptor.of("id", FieldKind.LONG, 32, 8)), "field id: moved from offset 8 to 32");
        assertRefused(with(0, FieldDescriptor.of("id", FieldKind.DOUBLE, 8, 8)), "field id: retyped from LONG of 8 bytes to DOUBLE of 8 bytes");
        assertRefused(with(1, FieldDescriptor.of("customer", FieldKind.REFERENCE, 16, 8).target("test.Other")),
                "field customer: retyped from REFERENCE test.Customer of 8 bytes to REFERENCE test.Other of 8 bytes");
        assertRefused(with(2, V1.get(2).constants(List.of("PAID", "NEW"))), "field state: enum constants [NEW, PAID] became [PAID, NEW]; constants may only be appended");
        var resized = assertThrows(SchemaMigrationRequiredException.class,
                () -> SchemaCheck.check(order(1, V1), new TypeEntry(NAME, StructType.typeIdOf(NAME), 2, 48, V1), "h"));
        assertTrue(resized.getMessage().contains("records are 40 bytes in the heap, 48 compiled"), resized.getMessage());
    }

    private static void assertRefused(List<FieldDescriptor> compiled, String reason) {
        var e = assertThrows(SchemaMigrationRequiredException.class, () -> SchemaCheck.check(order(1, V1), order(2, compiled), "h"));
        assertTrue(e.getMessage().startsWith("h stores test.Order version 1, which the compiled version 2 cannot read: " + reason),
                e.getMessage());
    }

    @Test
    void sameIdUnderAnotherNameIsRefused() {
        TypeEntry other = new TypeEntry("test.Other", StructType.typeIdOf(NAME), 1, 40, V1);
        var e = assertThrows(FerriteException.class, () -> SchemaCheck.check(other, order(1, V1), "h"));
        assertTrue(e.getMessage().contains("taken by test.Other"), e.getMessage());
    }

    @Test
    void catalogSurvivesEncoding() {
        List<TypeEntry> types = List.of(order(2, V1), new TypeEntry("test.Customer", StructType.typeIdOf("test.Customer"), 1, 16,
                List.of(FieldDescriptor.of("name", FieldKind.FIXED_STRING, 8, 8).array(1))));
        assertEquals(types, CatalogCodec.decode(CatalogCodec.encode(types)));
        byte[] bytes = CatalogCodec.encode(types);
        var e = assertThrows(IllegalArgumentException.class, () -> CatalogCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void collectionFieldsSurviveEncodingWithTheirTypes() {
        List<FieldDescriptor> shelf = List.of(
                FieldDescriptor.of("counts", FieldKind.SORTED_MAP, 8, 8).collection("String", "long"),
                FieldDescriptor.of("order", FieldKind.LIST, 16, 8).collection("", "reference").target("test.Order"));
        List<TypeEntry> types = List.of(new TypeEntry("test.Shelf", StructType.typeIdOf("test.Shelf"), 1, 24, shelf),
                order(1, V1));
        assertEquals(types, CatalogCodec.decode(CatalogCodec.encode(types)));
    }

    @Test
    void retypingACollectionFieldIsIncompatible() {
        TypeEntry stored = new TypeEntry("test.Shelf", StructType.typeIdOf("test.Shelf"), 1, 16,
                List.of(FieldDescriptor.of("counts", FieldKind.SORTED_MAP, 8, 8).collection("String", "long")));
        TypeEntry retyped = new TypeEntry("test.Shelf", StructType.typeIdOf("test.Shelf"), 1, 16,
                List.of(FieldDescriptor.of("counts", FieldKind.SORTED_MAP, 8, 8).collection("String", "reference")
                        .target("test.Order")));
        var e = assertThrows(SchemaMigrationRequiredException.class, () -> SchemaCheck.check(stored, retyped, "h"));
        assertTrue(e.getMessage().contains("field counts: retyped from SORTED_MAP String to long of 8 bytes to"
                + " SORTED_MAP String to reference test.Order of 8 bytes"), e.getMessage());
    }
}
