package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.FerriteException;

/** A record whose value the migration cannot carry over; the migration is rolled back. */
final class MigrationFailure extends FerriteException {
    private static final long serialVersionUID = 1L;

    MigrationFailure(String message) {
        super(message);
    }
}
