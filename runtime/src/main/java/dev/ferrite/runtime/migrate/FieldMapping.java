package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.schema.document.FieldConversion;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.LittleEndian;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Optional;

/**
 * How one field of the new layout is filled from a field of the old one. An array copies every
 * old element; the elements a longer array adds keep their defaults.
 *
 * @param from the old field
 * @param to the new field
 * @param conversion what happens to each element
 * @param enumCodes for {@link FieldConversion#ENUM_BY_NAME}: the new code of old code {@code i + 1},
 *     -1 where the constant was removed
 */
record FieldMapping(FieldDescriptor from, FieldDescriptor to, FieldConversion conversion, int[] enumCodes) {

    /**
     * The mapping from {@code from} to {@code to}, or empty when no conversion carries the value
     * over ({@link FieldConversion#between}). {@code inlineUnchanged} says whether the target of an
     * inline field keeps its layout: if not, its bytes cannot be copied.
     */
    static Optional<FieldMapping> between(FieldDescriptor from, FieldDescriptor to, boolean inlineUnchanged) {
        if (to.kind() == FieldKind.INLINE && !inlineUnchanged) {
            return Optional.empty();
        }
        return FieldConversion.between(from, to).map(conversion -> new FieldMapping(from, to, conversion,
                conversion == FieldConversion.ENUM_BY_NAME ? enumCodes(from.constants(), to.constants()) : null));
    }

    private static int[] enumCodes(List<String> from, List<String> to) {
        int[] codes = new int[from.size()];
        for (int i = 0; i < codes.length; i++) {
            int index = to.indexOf(from.get(i));
            codes[i] = index < 0 ? -1 : index + 1;
        }
        return codes;
    }

    /** Enum constants of the old field that the new one lacks. */
    List<String> removedConstants() {
        return from.constants().stream().filter(name -> !to.constants().contains(name)).toList();
    }

    /**
     * Copies the field from the old record in {@code old} (starting at 0) to the new record at
     * {@code target} in {@code heap}.
     *
     * @param lenient whether a value the new field cannot hold (a removed enum constant) is left
     *     at its default for a hook to set, instead of failing
     * @throws MigrationFailure if a value cannot be carried over
     */
    void copy(MemorySegment old, MemorySegment heap, long target, boolean lenient, String where) {
        int length = Math.min(from.length(), to.length());
        for (int i = 0; i < length; i++) {
            long source = from.offset() + i * from.elementSize();
            long destination = target + to.offset() + i * to.elementSize();
            switch (conversion) {
                case COPY -> MemorySegment.copy(old, source, heap, destination, to.elementSize());
                case WIDEN -> widen(old, source, heap, destination);
                case ENUM_BY_NAME -> {
                    int code = old.get(LittleEndian.INT, source);
                    int mapped = code <= 0 || code > enumCodes.length ? 0 : enumCodes[code - 1];
                    if (code < 0 || code > enumCodes.length) {
                        throw new MigrationFailure(where + ": field " + from.name() + " holds enum code " + code
                                + ", which no constant has");
                    }
                    if (mapped < 0) {
                        if (!lenient) {
                            throw new MigrationFailure(where + ": field " + from.name() + " holds "
                                    + from.constants().get(code - 1) + ", a constant the new version removed;"
                                    + " register a MigrationHook (ferrite migrate --hook) that sets it");
                        }
                        mapped = 0;
                    }
                    heap.set(LittleEndian.INT, destination, mapped);
                }
                case FIXED_STRING -> {
                    int bytes = Short.toUnsignedInt(old.get(LittleEndian.SHORT, source));
                    long capacity = to.elementSize() - 2;
                    if (bytes > capacity) {
                        throw new MigrationFailure(where + ": field " + from.name() + " holds " + bytes
                                + " bytes of UTF-8, more than the " + capacity + " the new version allows");
                    }
                    MemorySegment.copy(old, source, heap, destination, 2L + bytes);
                }
            }
        }
    }

    private void widen(MemorySegment old, long source, MemorySegment heap, long destination) {
        FieldKind kind = from.kind();
        switch (to.kind()) {
            case SHORT -> heap.set(LittleEndian.SHORT, destination, (short) integral(old, source, kind));
            case INT -> heap.set(LittleEndian.INT, destination, (int) integral(old, source, kind));
            case LONG -> heap.set(LittleEndian.LONG, destination, integral(old, source, kind));
            case FLOAT -> heap.set(LittleEndian.FLOAT, destination, (float) integral(old, source, kind));
            case DOUBLE -> heap.set(LittleEndian.DOUBLE, destination, kind == FieldKind.FLOAT
                    ? old.get(LittleEndian.FLOAT, source)
                    : (double) integral(old, source, kind));
            default -> throw new IllegalStateException("no widening to " + to.kind());
        }
    }

    /** An integral, boolean, enum or reference value of {@code kind} at {@code at}. */
    static long integral(MemorySegment segment, long at, FieldKind kind) {
        return switch (kind) {
            case BYTE -> segment.get(LittleEndian.BYTE, at);
            case BOOLEAN -> segment.get(LittleEndian.BYTE, at) != 0 ? 1 : 0;
            case SHORT -> segment.get(LittleEndian.SHORT, at);
            case CHAR -> segment.get(LittleEndian.CHAR, at);
            case INT, ENUM -> segment.get(LittleEndian.INT, at);
            case LONG, STRING, REFERENCE -> segment.get(LittleEndian.LONG, at);
            default -> throw new IllegalArgumentException(kind + " is not an integral field");
        };
    }
}
