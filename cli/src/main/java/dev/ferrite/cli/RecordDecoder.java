package dev.ferrite.cli;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapInfo;
import dev.ferrite.runtime.StoredRecord;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decodes stored records into plain values (numbers, booleans, strings, {@link Reference}s, lists
 * for arrays, maps for embedded structs, {@link Collection}s for collection fields) using the
 * heap's catalog alone.
 */
final class RecordDecoder {
    /** A reference to the record at {@code offset}; dumped as the offset. */
    record Reference(long offset) {}

    /** An enum constant; dumped as its name, quoted only in JSON. */
    record Constant(String name) {}

    /** The collection a collection field holds, at {@code handle}; dumped with its entries. */
    record Collection(long handle) {}

    private final Heap heap;
    private final Map<String, HeapInfo.StoredType> types = new HashMap<>();

    RecordDecoder(Heap heap, List<HeapInfo.StoredType> types) {
        this.heap = heap;
        types.forEach(type -> this.types.put(type.schemaName(), type));
    }

    /**
     * {@code value} as JSON shows it: references as their offsets, enum constants as their names,
     * collections as {@code collections} gives them.
     */
    static Object forJson(Object value, Function<Collection, Object> collections) {
        return switch (value) {
            case Reference reference -> reference.offset();
            case Constant constant -> constant.name();
            case Collection collection -> collections.apply(collection);
            case Map<?, ?> map -> {
                Map<Object, Object> converted = new LinkedHashMap<>();
                map.forEach((key, field) -> converted.put(key, forJson(field, collections)));
                yield converted;
            }
            case List<?> list -> list.stream().map(element -> forJson(element, collections)).toList();
            case null, default -> value;
        };
    }

    /** The fields of {@code record} by name; fields newer than the record's version are left out. */
    Map<String, Object> decode(StoredRecord record) {
        return fields(record.bytes(), 0, record.fields(), record.version());
    }

    private Map<String, Object> fields(MemorySegment bytes, long base, List<FieldDescriptor> fields, int version) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldDescriptor field : fields) {
            if (field.since() > version) {
                continue;
            }
            if (field.length() == 1) {
                values.put(field.name(), value(field, bytes, base + field.offset()));
            } else {
                List<Object> elements = new ArrayList<>();
                for (int i = 0; i < field.length(); i++) {
                    elements.add(value(field, bytes, base + field.offset() + i * field.elementSize()));
                }
                values.put(field.name(), elements);
            }
        }
        return values;
    }

    private Object value(FieldDescriptor field, MemorySegment bytes, long at) {
        return switch (field.kind()) {
            case BYTE -> (long) bytes.get(LittleEndian.BYTE, at);
            case SHORT -> (long) bytes.get(LittleEndian.SHORT, at);
            case CHAR -> String.valueOf((char) bytes.get(LittleEndian.SHORT, at));
            case INT -> (long) bytes.get(LittleEndian.INT, at);
            case LONG -> bytes.get(LittleEndian.LONG, at);
            case FLOAT -> (double) Float.intBitsToFloat(bytes.get(LittleEndian.INT, at));
            case DOUBLE -> Double.longBitsToDouble(bytes.get(LittleEndian.LONG, at));
            case BOOLEAN -> bytes.get(LittleEndian.BYTE, at) != 0;
            case ENUM -> constant(field, bytes.get(LittleEndian.INT, at));
            case FIXED_STRING -> fixedString(bytes, at, field.elementSize());
            case STRING -> heapString(bytes.get(LittleEndian.LONG, at));
            case REFERENCE -> {
                long reference = bytes.get(LittleEndian.LONG, at);
                yield reference == 0 ? null : new Reference(dev.ferrite.runtime.format.Reference.offset(reference));
            }
            case INLINE -> embedded(field.target(), bytes, at);
            case SORTED_MAP, LIST -> {
                long handle = bytes.get(LittleEndian.LONG, at);
                yield handle == 0 ? null : new Collection(handle);
            }
        };
    }

    private static Object constant(FieldDescriptor field, int code) {
        if (code == 0) {
            return null;
        }
        return code > 0 && code <= field.constants().size()
                ? new Constant(field.constants().get(code - 1))
                : "<enum code " + code + ", not a constant of " + field.target() + ">";
    }

    private static String fixedString(MemorySegment bytes, long at, long elementSize) {
        int length = Short.toUnsignedInt(bytes.get(LittleEndian.SHORT, at));
        if (length > elementSize - 2) {
            return "<damaged fixed string: length " + length + ">";
        }
        return new String(bytes.asSlice(at + 2, length).toArray(LittleEndian.BYTE), StandardCharsets.UTF_8);
    }

    private String heapString(long reference) {
        if (reference == 0) {
            return null;
        }
        try {
            return heap.readString(reference);
        } catch (CorruptHeapException e) {
            return "<unreadable string at offset " + reference + ">";
        }
    }

    private Object embedded(String target, MemorySegment bytes, long at) {
        HeapInfo.StoredType type = types.get(target);
        if (type == null) {
            return "<embedded " + target + ": its layout is not in the catalog>";
        }
        return fields(bytes, at, type.fields(), RecordHeader.version(bytes, at));
    }
}
