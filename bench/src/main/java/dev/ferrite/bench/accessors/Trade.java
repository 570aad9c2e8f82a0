package dev.ferrite.bench.accessors;

import dev.ferrite.annotations.PersistentStruct;

/** A small fixed-layout record: the shape of a typical hot struct. */
@PersistentStruct(version = 1)
public interface Trade {
    long id();

    void id(long v);

    int quantity();

    void quantity(int v);

    double price();

    void price(double v);

    long timestamp();

    void timestamp(long v);
}
