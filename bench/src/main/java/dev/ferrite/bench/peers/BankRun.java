package dev.ferrite.bench.peers;

import dev.ferrite.fams.Durability;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SortedMap;
import java.util.SplittableRandom;

/**
 * The bank workloads: 16 accounts of 1,000,000, random transfers of 1 to 100 between two distinct
 * accounts (seed fixed), a commit every {@code transfersPerCommit} transfers. A warm-up, then a
 * timed part of whole commits; afterwards the store is reopened and every balance must equal the
 * one the same transfers gave in memory, and the money must add up to what it was.
 */
final class BankRun {
    static final int ACCOUNTS = 16;
    static final long OPENING = 1_000_000;
    static final long SEED = 20_261_206;
    private static final int MAX_AMOUNT = 100;

    private final long[] expected = new long[ACCOUNTS + 1];
    private final SplittableRandom random = new SplittableRandom(SEED);

    private BankRun() {}

    static RunResult run(Store store, Path dir, int transfersPerCommit, Durability durability, long warmUpNanos,
            long measureNanos) {
        return new BankRun().measure(store, dir, transfersPerCommit, durability, warmUpNanos, measureNanos);
    }

    private RunResult measure(Store store, Path dir, int transfersPerCommit, Durability durability, long warmUpNanos,
            long measureNanos) {
        RunResult result;
        try (Accounts accounts = store.accounts(dir, durability)) {
            accounts.create(ACCOUNTS, OPENING);
            accounts.commit();
            Arrays.fill(expected, 1, ACCOUNTS + 1, OPENING);
            long warmUpEnd = System.nanoTime() + warmUpNanos;
            while (System.nanoTime() < warmUpEnd) {
                commitTransfers(accounts, transfersPerCommit);
            }
            long written = IoCounter.bytesWritten();
            long start = System.nanoTime();
            long end = start + measureNanos;
            long commits = 0;
            long now;
            do {
                commitTransfers(accounts, transfersPerCommit);
                commits++;
                now = System.nanoTime();
            } while (now < end);
            result = new RunResult(commits * transfersPerCommit, now - start, commits,
                    IoCounter.bytesWritten() - written, LogMode.of(dir));
        }
        try (Accounts reopened = store.accounts(dir, durability)) {
            check(expected, reopened.balances());
        }
        return result;
    }

    private void commitTransfers(Accounts accounts, int transfers) {
        for (int i = 0; i < transfers; i++) {
            int from = 1 + random.nextInt(ACCOUNTS);
            int to = 1 + (from + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            long amount = 1 + random.nextInt(MAX_AMOUNT);
            accounts.balance(from, accounts.balance(from) - amount);
            accounts.balance(to, accounts.balance(to) + amount);
            expected[from] -= amount;
            expected[to] += amount;
        }
        accounts.commit();
    }

    /**
     * Checks the balances of a reopened store against {@code expected} (indexed by account number).
     *
     * @throws CheckFailedException naming the first account that differs, or the total
     */
    static void check(long[] expected, SortedMap<Long, Long> balances) {
        if (balances.size() != ACCOUNTS) {
            throw new CheckFailedException("reopened store holds " + balances.size() + " accounts, not " + ACCOUNTS);
        }
        long total = 0;
        for (int account = 1; account <= ACCOUNTS; account++) {
            Long balance = balances.get((long) account);
            if (balance == null || balance != expected[account]) {
                throw new CheckFailedException("account " + account + " holds " + balance + " after reopening, not "
                        + expected[account]);
            }
            total += balance;
        }
        if (total != ACCOUNTS * OPENING) {
            throw new CheckFailedException("balances add up to " + total + ", not " + ACCOUNTS * OPENING);
        }
    }
}
