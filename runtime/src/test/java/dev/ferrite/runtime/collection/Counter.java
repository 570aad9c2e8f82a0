package dev.ferrite.runtime.collection;

/** A struct for the collection tests; its flyweight is written by hand, as the processor would. */
public interface Counter {
    long count();

    void count(long value);
}
