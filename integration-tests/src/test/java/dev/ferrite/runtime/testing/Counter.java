package dev.ferrite.runtime.testing;

import dev.ferrite.annotations.PersistentStruct;

/** A second test struct, of one field. */
@PersistentStruct(name = "test.Counter")
public interface Counter {
    long value();

    void value(long v);
}
