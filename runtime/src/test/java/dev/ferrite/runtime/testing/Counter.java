package dev.ferrite.runtime.testing;

/** A second test struct, as if declared {@code @PersistentStruct(name = "test.Counter")}. */
public interface Counter {
    long value();

    void value(long v);
}
