package dev.ferrite.sample.bank;

import dev.ferrite.annotations.FixedString;
import dev.ferrite.annotations.PersistentStruct;
import dev.ferrite.annotations.Since;

/**
 * One bank account. Version 2 added {@link #overdraftLimit()}; banks of version 1 read it as 0
 * (the schemas of both are in src/main/schemas).
 */
@PersistentStruct(version = 2, reserve = 16)
public interface Account {
    long id();

    void id(long v);

    @FixedString(24)
    String owner();

    void owner(String v);

    long balance();

    void balance(long v);

    /** The account this one last sent money to, or {@code null}. */
    Account lastPayee();

    void lastPayee(Account v);

    AccountStatus status();

    void status(AccountStatus v);

    /** How far the balance may go below zero; 0, none, for accounts opened before version 2. */
    @Since(2)
    long overdraftLimit();

    void overdraftLimit(long v);
}
