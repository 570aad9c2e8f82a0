package dev.ferrite.processor.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.processor.model.FieldModel;
import dev.ferrite.processor.model.FieldType;
import dev.ferrite.processor.model.PrimitiveKind;
import dev.ferrite.processor.model.StructModel;
import dev.ferrite.processor.model.TypeRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The layout rules, checked on models built by hand: no compiler involved. */
class LayoutsTest {
    private static final TypeRef TYPE = new TypeRef("demo", List.of("Sample"));

    private static FieldModel field(String name, FieldType type, int since) {
        return array(name, type, 0, since);
    }

    private static FieldModel array(String name, FieldType type, int length, int since) {
        return new FieldModel(name, type, length, since, name, Optional.of(name), false, false);
    }

    private static FieldType primitive(PrimitiveKind kind) {
        return new FieldType.Primitive(kind);
    }

    private static StructModel struct(int version, int reserve, List<FieldModel> fields) {
        return new StructModel(TYPE, "demo.Sample", version, reserve, fields, false);
    }

    private static final List<FieldModel> VERSION_1 = List.of(
            field("flag", primitive(PrimitiveKind.BOOLEAN), 1),
            field("id", primitive(PrimitiveKind.LONG), 1),
            field("name", new FieldType.FixedString(5), 1),
            field("count", primitive(PrimitiveKind.INT), 1));
    private static final List<FieldModel> ADDED_IN_2 = List.of(
            field("rate", primitive(PrimitiveKind.DOUBLE), 2),
            field("small", primitive(PrimitiveKind.SHORT), 2));
    private static final List<FieldModel> ADDED_IN_3 = List.of(
            array("history", primitive(PrimitiveKind.LONG), 4, 3));

    /** Version 2 declares its new field first, to show that declaration order across versions does not matter. */
    private static StructModel version2(int reserve) {
        List<FieldModel> fields = new ArrayList<>(ADDED_IN_2.subList(0, 1));
        fields.addAll(VERSION_1);
        fields.addAll(ADDED_IN_2.subList(1, 2));
        return struct(2, reserve, fields);
    }

    private static StructModel version3(int reserve) {
        List<FieldModel> fields = new ArrayList<>(version2(reserve).fields());
        fields.addAll(ADDED_IN_3);
        return struct(3, reserve, fields);
    }

    @Test
    void fieldsFollowTheHeaderInDeclarationOrderAtNaturalAlignment() {
        RecordLayout layout = Layouts.of(struct(1, 0, VERSION_1));
        assertEquals(8, layout.slot("flag").offset(), "after the 8-byte header");
        assertEquals(16, layout.slot("id").offset(), "long aligned to 8");
        assertEquals(24, layout.slot("name").offset());
        assertEquals(8, layout.slot("name").elementSize(), "2-byte length + 5 bytes, rounded up to even");
        assertEquals(32, layout.slot("count").offset());
        assertEquals(36, layout.endOfFirstVersion());
        assertEquals(40, layout.size(), "rounded up to 8");
    }

    @Test
    void offsetsOfVersion1AreUnchangedInVersions2And3() {
        RecordLayout v1 = Layouts.of(struct(1, 24, VERSION_1));
        RecordLayout v2 = Layouts.of(version2(24));
        RecordLayout v3 = Layouts.of(version3(24));
        for (FieldModel field : VERSION_1) {
            assertEquals(v1.slot(field.name()).offset(), v2.slot(field.name()).offset(), field.name() + " in v2");
            assertEquals(v1.slot(field.name()).offset(), v3.slot(field.name()).offset(), field.name() + " in v3");
        }
        for (FieldModel field : ADDED_IN_2) {
            assertEquals(v2.slot(field.name()).offset(), v3.slot(field.name()).offset(), field.name() + " in v3");
            assertTrue(v2.slot(field.name()).offset() >= v1.endOfFirstVersion(), field.name() + " after version 1");
        }
        assertTrue(v3.slot("history").offset() >= v2.slot("small").end(), "version 3 after version 2");
    }

    @Test
    void laterFieldsUseTheReserveThenGrowTheRecord() {
        RecordLayout v1 = Layouts.of(struct(1, 24, VERSION_1));
        assertEquals(64, v1.size(), "36 bytes of version 1 + 24 reserved, rounded up to 8");
        RecordLayout v2 = Layouts.of(version2(24));
        assertEquals(40, v2.slot("rate").offset(), "inside the reserve");
        assertEquals(48, v2.slot("small").offset());
        assertEquals(64, v2.size(), "the fields fit in the reserve: the record keeps its size");
        RecordLayout v3 = Layouts.of(version3(24));
        assertEquals(56, v3.slot("history").offset());
        assertEquals(88, v3.slot("history").end());
        assertEquals(88, v3.size(), "the reserve is exceeded: the record grows");
    }

    @Test
    void regionsCoverTheRecordWithoutGapsOrOverlaps() {
        for (StructModel struct : List.of(struct(1, 0, VERSION_1), version2(3), version3(24), everyType())) {
            RecordLayout layout = Layouts.of(struct);
            long position = 0;
            for (Region region : layout.regions()) {
                assertEquals(position, region.offset(), struct.version() + ": " + region);
                position += region.byteSize();
            }
            assertEquals(layout.size(), position, "the regions add up to SIZE");
            assertEquals(0, layout.size() % 8);
        }
    }

    @Test
    void everyFieldIsNaturallyAligned() {
        RecordLayout layout = Layouts.of(everyType());
        for (Slot slot : layout.slots()) {
            assertEquals(0, slot.offset() % slot.alignment(), slot.field().name() + " at " + slot.offset());
            assertEquals(0, slot.elementSize() % slot.alignment(), slot.field().name() + ": elements stay aligned");
        }
        assertEquals(8, layout.slot("embedded").alignment());
        assertEquals(Layouts.of(point()).size(), layout.slot("embedded").elementSize(), "the target's whole record");
        assertEquals(4, layout.slot("color").elementSize());
        assertEquals(8, layout.slot("memo").elementSize());
        assertEquals(8, layout.slot("next").elementSize());
        assertEquals(6, layout.slot("chars").byteSize(), "3 chars of 2 bytes");
    }

    @Test
    void headerOnlyStructIsEightBytes() {
        assertEquals(8, Layouts.of(struct(1, 0, List.of())).size());
        assertEquals(16, Layouts.of(struct(1, 1, List.of())).size());
    }

    private static StructModel point() {
        return new StructModel(new TypeRef("demo", List.of("Point")), "demo.Point", 1, 0, List.of(
                field("x", primitive(PrimitiveKind.INT), 1), field("y", primitive(PrimitiveKind.BYTE), 1)), false);
    }

    /** One field of every type, each after a byte so that alignment matters. */
    private static StructModel everyType() {
        List<FieldModel> fields = new ArrayList<>();
        List<FieldType> types = new ArrayList<>();
        for (PrimitiveKind kind : PrimitiveKind.values()) {
            types.add(primitive(kind));
        }
        types.add(new FieldType.EnumType(new TypeRef("demo", List.of("Color")), "demo.Color", List.of("RED")));
        types.add(new FieldType.FixedString(7));
        types.add(new FieldType.HeapString());
        types.add(new FieldType.Reference(TYPE, "demo.Sample"));
        types.add(new FieldType.Inline(point()));
        List<String> names = List.of("b", "s", "c", "i", "l", "f", "d", "z", "color", "text", "memo", "next", "embedded");
        for (int i = 0; i < types.size(); i++) {
            fields.add(field("pad" + i, primitive(PrimitiveKind.BYTE), 1));
            fields.add(field(names.get(i), types.get(i), 1));
            fields.add(array(names.get(i) + "s", types.get(i), 3, 1));
        }
        fields.add(field("pad", primitive(PrimitiveKind.BYTE), 1));
        fields.add(array("chars", primitive(PrimitiveKind.CHAR), 3, 1));
        return struct(1, 0, fields);
    }
}
