package dev.ferrite.bench.accessors;

import dev.ferrite.annotations.PersistentStruct;

/** A record with a reference to another: what {@link ReferenceBenchmark} follows. */
@PersistentStruct(version = 1)
public interface Link {
    long value();

    void value(long v);

    Link next();

    void next(Link v);
}
