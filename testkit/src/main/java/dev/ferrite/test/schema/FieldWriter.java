package dev.ferrite.test.schema;

import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes Java values into the fields of a record as its schema lays them out, with the checks the
 * generated setters make: a value of the wrong kind or out of range is refused, naming the field.
 */
public final class FieldWriter {
    /** Resolves a value given for a reference field to the offset of the record it names. */
    @FunctionalInterface
    public interface References {
        /** The offset of the record {@code value} names, checked to be a {@code targetSchema} record; 0 for null. */
        long offsetOf(Object value, String targetSchema, String field);
    }

    private final HeapCore core;
    private final References references;

    public FieldWriter(HeapCore core, References references) {
        this.core = core;
        this.references = references;
    }

    /** Writes {@code value} (an array or a list for an {@code @Array} field) into {@code field} of the record at {@code record}. */
    public void write(long record, FieldDescriptor field, Object value, String schemaName) {
        String name = schemaName + "." + field.name();
        if (field.length() == 1) {
            writeElement(record + field.offset(), field, value, name);
            return;
        }
        List<?> elements = elements(value, field, name);
        for (int i = 0; i < elements.size(); i++) {
            writeElement(record + field.offset() + i * field.elementSize(), field, elements.get(i), name + "[" + i + "]");
        }
    }

    private static List<?> elements(Object value, FieldDescriptor field, String name) {
        List<?> elements;
        if (value instanceof List<?> list) {
            elements = list;
        } else if (value != null && value.getClass().isArray()) {
            Object[] boxed = new Object[Array.getLength(value)];
            for (int i = 0; i < boxed.length; i++) {
                boxed[i] = Array.get(value, i);
            }
            elements = List.of(boxed);
        } else {
            throw new IllegalArgumentException(name + " is an array of " + field.length() + ": give an array or a list,"
                    + " not " + describe(value));
        }
        if (elements.size() > field.length()) {
            throw new IllegalArgumentException(name + " holds " + field.length() + " elements, not " + elements.size());
        }
        return elements;
    }

    private void writeElement(long at, FieldDescriptor field, Object value, String name) {
        MemorySegment segment = core.segment();
        switch (field.kind()) {
            case BYTE -> segment.set(LittleEndian.BYTE, at, (byte) integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE, name));
            case SHORT -> segment.set(LittleEndian.SHORT, at, (short) integral(value, Short.MIN_VALUE, Short.MAX_VALUE, name));
            case INT -> segment.set(LittleEndian.INT, at, (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE, name));
            case LONG -> segment.set(LittleEndian.LONG, at, integral(value, Long.MIN_VALUE, Long.MAX_VALUE, name));
            case FLOAT -> segment.set(LittleEndian.FLOAT, at, number(value, name).floatValue());
            case DOUBLE -> segment.set(LittleEndian.DOUBLE, at, number(value, name).doubleValue());
            case CHAR -> segment.set(LittleEndian.CHAR, at, value instanceof Character c ? c : fail(name, "a char", value));
            case BOOLEAN -> segment.set(LittleEndian.BOOLEAN, at, value instanceof Boolean b ? b : fail(name, "a boolean", value));
            case ENUM -> segment.set(LittleEndian.INT, at, enumCode(value, field, name));
            case FIXED_STRING -> writeFixedString(segment, at, field, value, name);
            case STRING -> {
                String text = value == null ? null : value instanceof String s ? s : fail(name, "a String", value);
                segment.set(LittleEndian.LONG, at, core.replaceString(segment.get(LittleEndian.LONG, at), text));
            }
            case REFERENCE -> segment.set(LittleEndian.LONG, at, references.offsetOf(value, field.target(), name));
            case INLINE -> throw new IllegalArgumentException(name + " is an @Inline struct, which cannot be written here");
        }
        core.markDirty(at, field.elementSize());
    }

    private static long integral(Object value, long min, long max, String name) {
        if (!(value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Long)) {
            return fail(name, "an integral number", value);
        }
        long v = ((Number) value).longValue();
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + ": " + v + " is out of range [" + min + ", " + max + "]");
        }
        return v;
    }

    private static Number number(Object value, String name) {
        return value instanceof Number n ? n : fail(name, "a number", value);
    }

    private static int enumCode(Object value, FieldDescriptor field, String name) {
        if (value == null) {
            return 0;
        }
        String constant = value instanceof Enum<?> e ? e.name() : value instanceof String s ? s
                : fail(name, "an enum constant or its name", value);
        int ordinal = field.constants().indexOf(constant);
        if (ordinal < 0) {
            throw new IllegalArgumentException(name + ": no constant " + constant + " in this version, which has "
                    + field.constants());
        }
        return ordinal + 1;
    }

    private static void writeFixedString(MemorySegment segment, long at, FieldDescriptor field, Object value, String name) {
        String text = value instanceof String s ? s : fail(name, "a String", value);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long maxBytes = field.elementSize() - 2;
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException(name + ": \"" + text + "\" is " + bytes.length
                    + " bytes in UTF-8, more than the limit of " + maxBytes);
        }
        segment.set(LittleEndian.SHORT, at, (short) bytes.length);
        MemorySegment.copy(bytes, 0, segment, LittleEndian.BYTE, at + 2, bytes.length);
    }

    private static <T> T fail(String name, String expected, Object value) {
        throw new IllegalArgumentException(name + " takes " + expected + ", not " + describe(value));
    }

    private static String describe(Object value) {
        return value == null ? "null" : value + " (" + value.getClass().getSimpleName() + ")";
    }
}
