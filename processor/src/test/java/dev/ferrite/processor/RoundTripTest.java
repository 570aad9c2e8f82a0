package dev.ferrite.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.processor.fixtures.Color;
import dev.ferrite.processor.fixtures.Everything;
import dev.ferrite.processor.fixtures.Node;
import dev.ferrite.processor.fixtures.Outer;
import dev.ferrite.processor.fixtures.Point;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.memory.SegmentStore;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.Arena;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SequenceLayout;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the generated flyweights of the fixtures over a segment: every field type at its edges,
 * and the exact bytes every setter reports as written.
 */
class RoundTripTest {
    private static final GeneratedClasses CLASSES = GeneratedClasses.fixtures();
    private static final StructType<Everything> EVERYTHING = CLASSES.typeOf(Everything.class);
    private static final StructType<Node> NODE = CLASSES.typeOf(Node.class);
    private static final StructType<Point> POINT = CLASSES.typeOf(Point.class);
    /** Not 0: a record at offset 0 cannot be referenced. */
    private static final long BASE = 64;

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment segment = arena.allocate(1 << 16, 8);
    private final List<List<Long>> dirty = new ArrayList<>();
    private final SegmentStore store = new SegmentStore(segment) {
        @Override
        public void markDirty(long offset, long length) {
            dirty.add(List.of(offset, length));
        }
    };
    private Everything record;

    @BeforeEach
    void createRecord() {
        record = EVERYTHING.initialize(store, BASE);
        dirty.clear();
    }

    @AfterEach
    void closeArena() {
        arena.close();
    }

    private long offset(String field) {
        return EVERYTHING.field(field).offset();
    }

    /** Runs {@code setter} and checks it reported exactly {@code length} bytes at {@code field}'s offset. */
    private void assertMarks(String field, long extra, long length, Runnable setter) {
        dirty.clear();
        setter.run();
        assertEquals(List.of(List.of(BASE + offset(field) + extra, length)), dirty, "bytes reported by the setter of " + field);
    }

    @Test
    void integersRoundTripAtTheirEdgesInLittleEndian() {
        for (byte value : new byte[] {Byte.MIN_VALUE, -1, 0, Byte.MAX_VALUE}) {
            assertMarks("b", 0, 1, () -> record.b(value));
            assertEquals(value, record.b());
        }
        for (short value : new short[] {Short.MIN_VALUE, 0, Short.MAX_VALUE}) {
            assertMarks("s", 0, 2, () -> record.s(value));
            assertEquals(value, record.s());
        }
        for (char value : new char[] {Character.MIN_VALUE, 'é', Character.MAX_VALUE}) {
            assertMarks("c", 0, 2, () -> record.c(value));
            assertEquals(value, record.c());
        }
        for (int value : new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}) {
            assertMarks("i", 0, 4, () -> record.i(value));
            assertEquals(value, record.i());
        }
        for (long value : new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}) {
            assertMarks("l", 0, 8, () -> record.l(value));
            assertEquals(value, record.l());
        }
        record.i(0x01020304);
        assertEquals(0x04, segment.get(LittleEndian.BYTE, BASE + offset("i")), "lowest byte first");
        record.l(0x0102030405060708L);
        assertEquals(0x08, segment.get(LittleEndian.BYTE, BASE + offset("l")), "lowest byte first");
    }

    @Test
    void floatingPointKeepsNaNPayloadsAndNegativeZero() {
        float nan = Float.intBitsToFloat(0x7fc00123);
        for (float value : new float[] {nan, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY}) {
            assertMarks("f", 0, 4, () -> record.f(value));
            assertEquals(Float.floatToRawIntBits(value), Float.floatToRawIntBits(record.f()));
        }
        double doubleNan = Double.longBitsToDouble(0x7ff8000000000123L);
        for (double value : new double[] {doubleNan, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
            assertMarks("d", 0, 8, () -> record.d(value));
            assertEquals(Double.doubleToRawLongBits(value), Double.doubleToRawLongBits(record.d()));
        }
    }

    @Test
    void booleansAreStoredAsZeroOrOne() {
        assertFalse(record.flag());
        assertMarks("flag", 0, 1, () -> record.flag(true));
        assertTrue(record.flag());
        assertEquals(1, segment.get(LittleEndian.BYTE, BASE + offset("flag")));
        record.flag(false);
        assertEquals(0, segment.get(LittleEndian.BYTE, BASE + offset("flag")));
    }

    @Test
    void enumsAreStoredAsOrdinalPlusOneAndZeroForNull() {
        assertNull(record.color(), "a fresh record holds null");
        for (Color color : Color.values()) {
            assertMarks("color", 0, 4, () -> record.color(color));
            assertSame(color, record.color());
            assertEquals(color.ordinal() + 1, segment.get(LittleEndian.INT, BASE + offset("color")));
        }
        record.color(null);
        assertNull(record.color());
        assertEquals(0, segment.get(LittleEndian.INT, BASE + offset("color")));

        segment.set(LittleEndian.INT, BASE + offset("color"), 4);
        IllegalStateException bad = assertThrows(IllegalStateException.class, record::color);
        assertTrue(bad.getMessage().contains("color"), bad.getMessage());
    }

    @Test
    void fixedStringsHoldEmptyFullAndMultiByteValues() {
        assertEquals("", record.code(), "a fresh record holds the empty string");
        assertMarks("code", 0, 2, () -> record.code(""));
        assertEquals("", record.code());
        assertMarks("code", 0, 10, () -> record.code("12345678"));
        assertEquals("12345678", record.code());
        assertMarks("code", 0, 2 + 7, () -> record.code("h€llo")); // € is 3 bytes in UTF-8
        assertEquals("h€llo", record.code());
        assertEquals(7, Short.toUnsignedInt(segment.get(LittleEndian.SHORT, BASE + offset("code"))));
    }

    @Test
    void overLongFixedStringIsRejectedNamingFieldAndLimitAndWritesNothing() {
        record.code("kept");
        dirty.clear();
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class, () -> record.code("€€€"));
        assertTrue(tooLong.getMessage().contains("code") && tooLong.getMessage().contains("8"), tooLong.getMessage());
        assertEquals("kept", record.code());
        assertEquals(List.of(), dirty);
        assertThrows(IllegalArgumentException.class, () -> record.tags(1, "123456"));
    }

    @Test
    void arraysReachFirstAndLastElementAndCheckBounds() {
        assertMarks("counts", 0, 4, () -> record.counts(0, Integer.MIN_VALUE));
        assertMarks("counts", 8, 4, () -> record.counts(2, Integer.MAX_VALUE));
        record.counts(1, 7);
        assertEquals(Integer.MIN_VALUE, record.counts(0));
        assertEquals(7, record.counts(1));
        assertEquals(Integer.MAX_VALUE, record.counts(2));
        for (int index : new int[] {-1, 3}) {
            IndexOutOfBoundsException out = assertThrows(IndexOutOfBoundsException.class, () -> record.counts(index));
            assertEquals("counts: index " + index + " out of bounds for length 3", out.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> record.counts(index, 1));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> record.tags(2));
        assertThrows(IndexOutOfBoundsException.class, () -> record.palette(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> record.links(2));
        assertThrows(IndexOutOfBoundsException.class, () -> record.corners(2));
    }

    @Test
    void arraysOfFixedStringsEnumsAndInlineStructsKeepElementsApart() {
        long tagStride = EVERYTHING.field("tags").elementSize();
        assertEquals(8, tagStride, "2 + 5 bytes, rounded up to even");
        assertMarks("tags", 0, 2 + 5, () -> record.tags(0, "first"));
        assertMarks("tags", tagStride, 2 + 4, () -> record.tags(1, "läs"));
        assertEquals("first", record.tags(0));
        assertEquals("läs", record.tags(1));

        assertMarks("palette", 4, 4, () -> record.palette(1, Color.BLUE));
        assertNull(record.palette(0));
        assertSame(Color.BLUE, record.palette(1));

        long pointSize = POINT.size();
        dirty.clear();
        record.corners(1).setY(-5);
        assertEquals(List.of(List.of(BASE + offset("corners") + pointSize + POINT.field("y").offset(), 4L)), dirty);
        assertEquals(-5, record.corners(1).getY());
        assertEquals(0, record.corners(0).getY());
    }

    @Test
    void referencesResolveToRecordsAndZeroIsNull() {
        assertNull(record.next());
        Node target = NODE.initialize(store, 1024);
        assertMarks("next", 0, 8, () -> record.next(target));
        assertEquals(1024, segment.get(LittleEndian.LONG, BASE + offset("next")));
        Node resolved = record.next();
        assertEquals(target, resolved);
        assertEquals(1024, ((Flyweight) resolved).offset());
        record.next(null);
        assertNull(record.next());
        assertEquals(0, segment.get(LittleEndian.LONG, BASE + offset("next")));

        assertMarks("links", 8, 8, () -> record.links(1, target));
        assertNull(record.links(0));
        assertEquals(target, record.links(1));

        segment.set(LittleEndian.LONG, BASE + offset("next"), 2048);
        POINT.initialize(store, 2048);
        assertThrows(IllegalStateException.class, record::next, "the store checks the type id it finds");
    }

    @Test
    void chainingSettersReturnTheSameFlyweight() {
        Node first = NODE.initialize(store, 1024);
        Node second = NODE.initialize(store, 2048);
        assertSame(first, first.value(1).next(second).value(2));
        assertEquals(2, first.value());
        assertEquals(second, first.next());
        assertNull(first.next().next());
        assertSame(record, record.added(5));
    }

    @Test
    void inlineGetterReturnsAViewOfItsOwnThatWritesThrough() {
        Point origin = record.origin();
        assertNotSame(origin, record.origin(), "a cached view would move under earlier results");
        assertEquals(origin, record.origin(), "both views are of the same embedded record");
        dirty.clear();
        origin.setX(17);
        assertEquals(List.of(List.of(BASE + offset("origin") + POINT.field("x").offset(), 4L)), dirty);
        origin.setVisible(true);
        assertEquals(17, segment.get(LittleEndian.INT, BASE + offset("origin") + POINT.field("x").offset()));
        assertEquals(17, record.origin().getX());
        assertTrue(record.origin().isVisible());
    }

    @Test
    void initializingARecordWritesTheHeadersOfItsEmbeddedRecords() {
        dirty.clear();
        long at = 4096;
        EVERYTHING.initialize(store, at);
        long pointSize = POINT.size();
        List<Long> embedded = List.of(at + offset("origin"), at + offset("corners"), at + offset("corners") + pointSize);
        for (long header : embedded) {
            assertEquals(POINT.typeId(), RecordHeader.typeId(segment, header), "type id at " + header);
            assertEquals(POINT.version(), RecordHeader.version(segment, header));
        }
        List<List<Long>> expected = new ArrayList<>();
        expected.add(List.of(at, RecordHeader.SIZE));
        embedded.forEach(header -> expected.add(List.of(header, RecordHeader.SIZE)));
        assertEquals(expected, dirty);
    }

    @Test
    void fieldsOfALaterVersionReadAsDefaultsOnOlderRecordsAndUpgradeThemOnWrite() {
        RecordHeader.write(segment, BASE, EVERYTHING.typeId(), 1);
        // Bytes an older writer left in its reserve must not be read as the new fields.
        segment.set(LittleEndian.LONG, BASE + offset("added"), 99);
        segment.set(LittleEndian.SHORT, BASE + offset("addedArray") + 2, (short) 99);
        segment.set(LittleEndian.SHORT, BASE + offset("addedName"), (short) 3);
        assertEquals(0, record.added());
        assertEquals(0, record.addedArray(1));
        assertEquals("", record.addedName());
        assertThrows(IndexOutOfBoundsException.class, () -> record.addedArray(2), "bounds are checked at any version");

        dirty.clear();
        record.added(7);
        assertEquals(List.of(List.of(BASE + offset("added"), 8L), List.of(BASE + RecordHeader.VERSION, 2L)), dirty);
        assertEquals(2, RecordHeader.version(segment, BASE));
        assertEquals(7, record.added());
        assertEquals(99, record.addedArray(1), "the whole record is version 2 now");

        dirty.clear();
        record.addedArray(0, (short) 3);
        assertEquals(List.of(List.of(BASE + offset("addedArray"), 2L)), dirty, "no second upgrade");
    }

    @Test
    void fixedStringSetterOfALaterVersionUpgradesTheRecord() {
        RecordHeader.write(segment, BASE, EVERYTHING.typeId(), 1);
        dirty.clear();
        record.addedName("ab");
        assertEquals(List.of(List.of(BASE + offset("addedName"), 4L), List.of(BASE + RecordHeader.VERSION, 2L)), dirty);
        assertEquals("ab", record.addedName());
    }

    @Test
    void heapStringsGoThroughTheStore() {
        List<List<Long>> marks = new ArrayList<>();
        StringMapStore strings = new StringMapStore(segment, marks);
        Everything onHeap = EVERYTHING.initialize(strings, BASE);
        assertNull(onHeap.memo());
        marks.clear();
        onHeap.memo("first");
        assertEquals(List.of(List.of(BASE + offset("memo"), 8L)), marks);
        onHeap.memo("sécond");
        assertEquals("sécond", onHeap.memo());
        assertEquals(1, strings.liveStrings(), "the replaced string is released");
        onHeap.memo(null);
        assertNull(onHeap.memo());
        assertEquals(0, strings.liveStrings());
        assertEquals(0, segment.get(LittleEndian.LONG, BASE + offset("memo")));

        onHeap.notes(1, "last");
        assertNull(onHeap.notes(0));
        assertEquals("last", onHeap.notes(1));
        assertTrue(onHeap.toString().contains("notes=[null, last]"), onHeap.toString());
    }

    @Test
    void heapStringsOverABareSegmentNeedAHeap() {
        assertNull(record.memo());
        assertThrows(UnsupportedOperationException.class, () -> record.memo("x"));
    }

    @Test
    void readOnlyFieldsHaveNoSetter() throws ReflectiveOperationException {
        Class<?> flyweight = CLASSES.flyweightOf(Everything.class);
        assertEquals(0, record.created());
        assertTrue(Arrays.stream(flyweight.getMethods())
                .filter(method -> method.getName().equals("created"))
                .allMatch(method -> method.getParameterCount() == 0));
        assertTrue(Arrays.stream(flyweight.getMethods())
                .filter(method -> method.getName().equals("origin") || method.getName().equals("corners"))
                .allMatch(method -> method.getReturnType() == Point.class), "inline fields have no setter");
    }

    @Test
    void toStringShowsEveryFieldAndReferencesAsOffsets() {
        record.i(42);
        record.code("abc");
        record.next(NODE.initialize(store, 1024));
        record.origin().setX(3);
        record.color(Color.GREEN);
        String text = record.toString();
        for (String part : List.of("Everything@64[", "i=42", "code=abc", "next=@1024", "links=[null, null]",
                "origin=Point@", "x=3", "color=GREEN", "counts=[0, 0, 0]", "memo=null", "added=0", "addedName=")) {
            assertTrue(text.contains(part), part + " in " + text);
        }
        for (FieldDescriptor field : EVERYTHING.fields()) {
            assertTrue(text.contains(field.name() + "="), field.name() + " in " + text);
        }
    }

    @Test
    void toStringShowsArraysOfALaterVersionAsDefaultsOnOlderRecords() {
        record.addedArray(0, (short) 5);
        record.addedArray(1, (short) 6);
        assertTrue(record.toString().contains("addedArray=[5, 6]"), record.toString());
        RecordHeader.write(segment, BASE, EVERYTHING.typeId(), 1);
        assertTrue(record.toString().contains("addedArray=[0, 0]"), record.toString());
    }

    @Test
    void everyLayoutMemberHasItsOwnNameAndTheTypeIdIsAConstant() {
        for (Class<?> struct : List.of(Everything.class, Node.class, Point.class, Outer.Inner.class)) {
            StructType<?> type = CLASSES.typeOf(struct);
            assertUniqueNames(struct.getSimpleName(), type.layout());
            assertEquals(type.typeId(), CLASSES.constant(struct, "TYPE_ID"), struct + ": TYPE_ID");
        }
    }

    /** Every member of {@code layout}, and of the groups nested in it, has a name of its own in its group. */
    private static void assertUniqueNames(String path, MemoryLayout layout) {
        switch (layout) {
            case GroupLayout group -> {
                Set<String> names = new HashSet<>();
                for (MemoryLayout member : group.memberLayouts()) {
                    String name = member.name().orElseThrow(() -> new AssertionError(path + ": an unnamed member"));
                    assertTrue(names.add(name), path + ": two members called " + name);
                    assertUniqueNames(path + "." + name, member);
                }
            }
            case SequenceLayout sequence -> assertUniqueNames(path + "[]", sequence.elementLayout());
            default -> { }
        }
    }

    @Test
    void wrapRepointsTheFlyweightAndRejectsRecordsOutsideTheSegment() throws ReflectiveOperationException {
        Node first = NODE.initialize(store, 1024).value(1);
        NODE.initialize(store, 2048).value(2);
        Method wrap = CLASSES.flyweightOf(Node.class).getMethod("wrap", dev.ferrite.runtime.struct.StructStore.class, long.class);
        assertSame(first, wrap.invoke(first, store, 2048L));
        assertEquals(2, first.value());
        assertEquals(CLASSES.flyweightOf(Node.class), wrap.getReturnType());
        Throwable outside = assertThrows(ReflectiveOperationException.class,
                () -> wrap.invoke(first, store, segment.byteSize() - 8)).getCause();
        assertTrue(outside instanceof IndexOutOfBoundsException, outside.toString());
    }

    @Test
    void nestedStructsAndBeansAccessorsWork() {
        StructType<Outer.Inner> inner = CLASSES.typeOf(Outer.Inner.class);
        assertEquals("dev.ferrite.processor.fixtures.Outer_InnerFlyweight",
                inner.wrap(store, 4096).getClass().getName());
        Outer.Inner value = inner.initialize(store, 4096);
        value.value(-3);
        assertEquals(-3, value.value());
        assertEquals("dev.ferrite.processor.fixtures.Outer.Inner", inner.schemaName());
        assertEquals(List.of("x", "y", "visible"), POINT.fields().stream().map(FieldDescriptor::name).toList());
    }

    @Test
    void layoutsMatchTheOffsetConstantsAndSize() {
        for (Class<?> struct : List.of(Everything.class, Node.class, Point.class, Outer.Inner.class)) {
            StructType<?> type = CLASSES.typeOf(struct);
            assertEquals(type.size(), type.layout().byteSize(), struct + ": LAYOUT.byteSize() == SIZE");
            assertEquals(type.size(), CLASSES.constant(struct, "SIZE"));
            assertEquals(type.version(), CLASSES.constant(struct, "VERSION"));
            assertSame(type.layout(), CLASSES.constant(struct, "LAYOUT"));
            assertEquals(0, type.size() % 8);
            assertEquals(StructType.typeIdOf(type.schemaName()), type.typeId());
            for (FieldDescriptor field : type.fields()) {
                assertEquals(field.offset(), type.layout().byteOffset(PathElement.groupElement(field.name())),
                        struct + "." + field.name());
                assertEquals(field.byteSize(), type.layout().select(PathElement.groupElement(field.name())).byteSize());
                String constant = "OFFSET_" + field.name().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase();
                assertEquals(field.offset(), CLASSES.constant(struct, constant), constant);
            }
            assertEquals(0, type.layout().byteOffset(PathElement.groupElement("typeId")));
            assertEquals(4, type.layout().byteOffset(PathElement.groupElement("version")));
            assertEquals(6, type.layout().byteOffset(PathElement.groupElement("flags")));
        }
    }

    @Test
    void descriptorsRecordArraysVersionsTargetsAndConstants() {
        assertEquals("fixtures.Node", EVERYTHING.field("next").target());
        assertEquals("dev.ferrite.processor.fixtures.Point", EVERYTHING.field("corners").target());
        assertEquals(2, EVERYTHING.field("corners").length());
        assertEquals(POINT.size(), EVERYTHING.field("corners").elementSize());
        assertEquals(List.of("RED", "GREEN", "BLUE"), EVERYTHING.field("palette").constants());
        assertEquals("dev.ferrite.processor.fixtures.Color", EVERYTHING.field("color").target());
        assertEquals(2, EVERYTHING.field("addedArray").since());
        assertEquals(1, EVERYTHING.field("counts").since());
        assertEquals(2, EVERYTHING.version());
    }
}
