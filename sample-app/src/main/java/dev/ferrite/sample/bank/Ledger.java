package dev.ferrite.sample.bank;

import dev.ferrite.annotations.PersistentStruct;

/** The bank as a whole: the money it holds, and how many transfers it has made. */
@PersistentStruct(version = 1, reserve = 32)
public interface Ledger {
    long accounts();

    void accounts(long v);

    /** The sum of all balances: what every transfer must conserve. */
    long totalMoney();

    void totalMoney(long v);

    long transfers();

    void transfers(long v);

    /** A note on the last run, allocated on the heap. */
    String lastRun();

    void lastRun(String v);
}
