package dev.ferrite.sample.readme;

import dev.ferrite.annotations.FixedString;
import dev.ferrite.annotations.PersistentStruct;

/** The struct of the README's quick start, verbatim. */
@PersistentStruct(version = 1, reserve = 16)
public interface Account {
    long id();                       void id(long v);
    @FixedString(24) String owner(); void owner(String v);
    long balance();                  void balance(long v);
}
