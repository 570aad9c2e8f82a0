package dev.ferrite.sample.bank;

import dev.ferrite.annotations.FixedString;
import dev.ferrite.annotations.PersistentStruct;

/** One bank account. */
@PersistentStruct(version = 1, reserve = 16)
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
}
