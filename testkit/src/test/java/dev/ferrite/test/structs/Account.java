package dev.ferrite.test.structs;

import dev.ferrite.annotations.PersistentStruct;

/** A bank account of the power-cut and kill tests. */
@PersistentStruct(version = 1)
public interface Account {
    long balance();

    void balance(long v);
}
