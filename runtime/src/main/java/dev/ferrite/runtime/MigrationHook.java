package dev.ferrite.runtime;

/**
 * User code that computes the fields of a migrated record which {@link Migration} cannot carry
 * over by itself: new fields derived from old ones, fields whose type changed in a way that is
 * not a widening, enum fields whose stored constant was removed.
 *
 * <p>It runs once per record, after the fields that can be copied have been copied into {@code
 * record}, and may call any setter of it. The old record stays readable, strings included, until
 * the hook returns.
 */
@FunctionalInterface
public interface MigrationHook {

    /**
     * Computes fields of {@code record}, a flyweight of the compiled struct, from {@code old}.
     */
    void migrate(OldRecord old, Object record);

    /** A record as the heap stored it before the migration, read by field name. */
    interface OldRecord {

        /** Where the record was; references to it held this offset. */
        long offset();

        /** The schema version it was last written with. */
        int version();

        /** Whether the stored layout has a field called {@code field}. */
        boolean has(String field);

        /**
         * The value of an integral field ({@code byte short char int long}), of a {@code boolean}
         * (1 or 0), of an enum (its code: 0 for null, else ordinal + 1) or a reference (the
         * offset).
         *
         * @throws IllegalArgumentException if there is no such field or it holds none of these
         */
        long longValue(String field);

        /**
         * The value of a numeric field as a {@code double}.
         *
         * @throws IllegalArgumentException if there is no such field or it is not numeric
         */
        double doubleValue(String field);

        /**
         * The value of a {@code @FixedString} or heap {@code String} field.
         *
         * @throws IllegalArgumentException if there is no such field or it holds no string
         */
        String stringValue(String field);

        /**
         * The constant name an enum field holds, {@code null} for null; constants removed since
         * are still named.
         *
         * @throws IllegalArgumentException if there is no such field or it is no enum
         */
        String enumName(String field);
    }
}
