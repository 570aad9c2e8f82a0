package dev.ferrite.bench.peers;

import java.util.SortedMap;

/** What the bank workloads need of a store: balances by account number, and commits. */
public interface Accounts extends AutoCloseable {

    /** Creates accounts {@code 1..count}, each holding {@code opening}; part of the next commit. */
    void create(int count, long opening);

    long balance(long account);

    void balance(long account, long value);

    /** Commits at the durability the store was opened with. */
    void commit();

    /** Every account's committed balance, by account number. */
    SortedMap<Long, Long> balances();

    @Override
    void close();
}
