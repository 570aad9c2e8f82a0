package dev.ferrite.runtime.schema.document;

import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import java.util.Optional;

/**
 * How a migration carries the values of a stored field into the field that replaces it, element
 * by element. This is the one rule of what a migration converts by itself: the processor
 * accepts exactly these changes in a version that is migrated ({@link SchemaDocument#fieldChange}),
 * and the migration planner maps fields with them. Any other change, and any that could lose
 * information for every record (a narrowing, a lossy widening such as {@code long} to {@code
 * double}, a shorter array), needs a {@code MigrationHook} that computes the field.
 */
public enum FieldConversion {
    /** Same kind and size: the bytes. An array may grow; its new elements stay at their defaults. */
    COPY,
    /** A widening primitive conversion that keeps every value exactly. */
    WIDEN,
    /** Enum codes mapped through the constant names; a record holding a removed constant fails the migration. */
    ENUM_BY_NAME,
    /** A {@code @FixedString} of another capacity: copied when it fits, else the migration fails. */
    FIXED_STRING;

    /** The conversion from {@code from} to {@code to}, or empty when only a hook can fill {@code to}. */
    public static Optional<FieldConversion> between(FieldDescriptor from, FieldDescriptor to) {
        if (to.length() < from.length()) {
            return Optional.empty();
        }
        if (from.kind() != to.kind()) {
            return widensExactly(from.kind(), to.kind()) ? Optional.of(WIDEN) : Optional.empty();
        }
        return switch (to.kind()) {
            case ENUM -> Optional.of(from.constants().equals(to.constants()) ? COPY : ENUM_BY_NAME);
            case FIXED_STRING -> Optional.of(from.elementSize() == to.elementSize() ? COPY : FIXED_STRING);
            case REFERENCE -> from.target().equals(to.target()) ? Optional.of(COPY) : Optional.empty();
            case INLINE -> from.target().equals(to.target()) && from.elementSize() == to.elementSize()
                    ? Optional.of(COPY) : Optional.empty();
            // The handle moves with the record; the collection stays where it is, so it must keep its types.
            case SORTED_MAP, LIST -> from.target().equals(to.target()) && from.keys().equals(to.keys())
                    && from.values().equals(to.values()) ? Optional.of(COPY) : Optional.empty();
            default -> Optional.of(COPY);
        };
    }

    /**
     * Whether every value of {@code from} is exactly a value of {@code to}: the widenings of JLS
     * 5.1.2 without {@code int} to {@code float} and {@code long} to {@code float} or {@code
     * double}, which round large values.
     */
    static boolean widensExactly(FieldKind from, FieldKind to) {
        return switch (from) {
            case BYTE -> to == FieldKind.SHORT || to == FieldKind.INT || to == FieldKind.LONG
                    || to == FieldKind.FLOAT || to == FieldKind.DOUBLE;
            case SHORT, CHAR -> to == FieldKind.INT || to == FieldKind.LONG || to == FieldKind.FLOAT
                    || to == FieldKind.DOUBLE;
            case INT -> to == FieldKind.LONG || to == FieldKind.DOUBLE;
            case FLOAT -> to == FieldKind.DOUBLE;
            default -> false;
        };
    }
}
