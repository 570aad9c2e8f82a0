package dev.ferrite.processor.layout;

import dev.ferrite.processor.model.FieldModel;
import dev.ferrite.processor.model.FieldType;
import dev.ferrite.processor.model.StructModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The layout rules, in one pure function: {@link #of(StructModel)}. The rules are described in
 * the package documentation of {@code dev.ferrite.processor}; this class is their only
 * implementation, and the writer only reads its results.
 */
public final class Layouts {
    /** Bytes of the record header. */
    public static final long HEADER_SIZE = 8;
    /** Records, and structs embedded in records, start at multiples of this. */
    public static final long RECORD_ALIGNMENT = 8;
    /** Bytes of a reference, a heap string or a collection's handle: an offset into the heap. */
    public static final long REFERENCE_SIZE = 8;
    /** Bytes of an enum code. */
    public static final long ENUM_SIZE = 4;
    /** Bytes of the length prefix of a fixed string. */
    public static final long FIXED_STRING_LENGTH_SIZE = 2;

    private Layouts() {}

    /** Computes the layout of {@code struct}'s records. */
    public static RecordLayout of(StructModel struct) {
        List<FieldModel> byVersion = new ArrayList<>(struct.fields());
        byVersion.sort(Comparator.comparingInt(FieldModel::since)); // stable: declaration order within a version

        List<Slot> slots = new ArrayList<>();
        long position = HEADER_SIZE;
        long endOfFirstVersion = HEADER_SIZE;
        for (FieldModel field : byVersion) {
            long alignment = alignmentOf(field.type());
            position = alignUp(position, alignment);
            Slot slot = new Slot(field, position, elementSizeOf(field.type()), alignment);
            slots.add(slot);
            position = slot.end();
            if (field.since() == 1) {
                endOfFirstVersion = position;
            }
        }
        long reserveEnd = endOfFirstVersion + struct.reserve();
        long size = alignUp(Math.max(reserveEnd, position), RECORD_ALIGNMENT);
        return new RecordLayout(struct, size, endOfFirstVersion, slots, regions(slots, reserveEnd, size));
    }

    private static List<Region> regions(List<Slot> slots, long reserveEnd, long size) {
        List<Region> regions = new ArrayList<>();
        regions.add(new Region.Header());
        long position = HEADER_SIZE;
        int paddings = 0;
        for (Slot slot : slots) {
            if (slot.offset() > position) {
                regions.add(new Region.Padding(position, slot.offset() - position, "padding" + paddings++));
            }
            regions.add(new Region.Field(slot));
            position = slot.end();
        }
        if (reserveEnd > position) {
            regions.add(new Region.Padding(position, reserveEnd - position, "reserve"));
            position = reserveEnd;
        }
        if (size > position) {
            regions.add(new Region.Padding(position, size - position, "padding" + paddings));
        }
        return regions;
    }

    /** Bytes of one element of {@code type}, which is also the stride of an array of it. */
    public static long elementSizeOf(FieldType type) {
        return switch (type) {
            case FieldType.Primitive primitive -> primitive.kind().bytes();
            case FieldType.EnumType ignored -> ENUM_SIZE;
            // Rounded up to even so that every element of an array stays 2-aligned.
            case FieldType.FixedString fixed -> alignUp(FIXED_STRING_LENGTH_SIZE + fixed.maxBytes(), 2);
            case FieldType.HeapString ignored -> REFERENCE_SIZE;
            case FieldType.Reference ignored -> REFERENCE_SIZE;
            case FieldType.Inline inline -> of(inline.target()).size();
            case FieldType.SortedMap ignored -> REFERENCE_SIZE;
            case FieldType.ListOf ignored -> REFERENCE_SIZE;
        };
    }

    /** The natural alignment of {@code type}. */
    public static long alignmentOf(FieldType type) {
        return switch (type) {
            case FieldType.Primitive primitive -> primitive.kind().bytes();
            case FieldType.EnumType ignored -> ENUM_SIZE;
            case FieldType.FixedString ignored -> FIXED_STRING_LENGTH_SIZE;
            case FieldType.HeapString ignored -> REFERENCE_SIZE;
            case FieldType.Reference ignored -> REFERENCE_SIZE;
            case FieldType.Inline ignored -> RECORD_ALIGNMENT;
            case FieldType.SortedMap ignored -> REFERENCE_SIZE;
            case FieldType.ListOf ignored -> REFERENCE_SIZE;
        };
    }

    private static long alignUp(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }
}
