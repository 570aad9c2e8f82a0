package dev.ferrite.runtime.testing;

import dev.ferrite.annotations.PersistentStruct;

/**
 * The runtime tests' main struct: numbers, a heap string and a reference to another account.
 * Versions 2 of its schema ({@code @Since(2) long bonus}) and an incompatible version 1 (id and
 * balance swapped) share its schema name, so the tests compile them at test time, each on its own
 * (see {@link AccountVersions}).
 */
@PersistentStruct(version = 1, reserve = 8, name = "test.Account")
public interface Account {
    long id();

    void id(long v);

    long balance();

    void balance(long v);

    String memo();

    void memo(String v);

    Account referrer();

    void referrer(Account v);
}
