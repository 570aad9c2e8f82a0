package dev.ferrite.sample.bank;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.util.random.RandomGenerator;

/**
 * Accounts and transfers kept in a persistent heap. Money moves between accounts; the total
 * never changes, and that invariant is checked before every commit, so that a commit can only
 * ever make a consistent bank durable.
 */
public final class Bank {
    static final String LEDGER_ROOT = "ledger";
    static final String ACCOUNTS_ROOT = "accounts";

    private final Heap heap;
    private final Ledger ledger;
    private final PersistentSortedMap<Long, Account> accounts;

    /** Opens the bank in {@code heap}, creating {@code accounts} accounts of {@code opening} each if it is new. */
    public Bank(Heap heap, int accountCount, long opening) {
        this.heap = heap;
        this.ledger = heap.root(LEDGER_ROOT, Ledger.class);
        this.accounts = PersistentSortedMap.root(heap, ACCOUNTS_ROOT, KeyType.LONG, ValueType.struct(Account.class));
        if (ledger.accounts() == 0) {
            for (long id = 1; id <= accountCount; id++) {
                Account account = accounts.getOrCreate(id);
                account.id(id);
                account.owner("customer " + id);
                account.balance(opening);
                account.status(AccountStatus.OPEN);
            }
            ledger.accounts(accountCount);
            ledger.totalMoney(accountCount * opening);
            commit();
        }
    }

    /** The bank's ledger. */
    public Ledger ledger() {
        return ledger;
    }

    /** The sum of all balances, counted account by account. */
    public long sumOfBalances() {
        return accounts.values().stream().mapToLong(Account::balance).sum();
    }

    /**
     * Moves a random amount between two random accounts. {@code betweenDebitAndCredit} runs after
     * the debit and before the credit, when the bank is inconsistent.
     */
    public void transfer(RandomGenerator random, Runnable betweenDebitAndCredit) {
        long count = ledger.accounts();
        Account from = accounts.get(1 + random.nextLong(count));
        Account to = accounts.get(1 + random.nextLong(count));
        long amount = from.balance() == 0 ? 0 : 1 + random.nextLong(from.balance());
        from.balance(from.balance() - amount);
        betweenDebitAndCredit.run();
        to.balance(to.balance() + amount);
        from.lastPayee(to);
        ledger.transfers(ledger.transfers() + 1);
    }

    /**
     * Checks that no money was created or lost, then commits.
     *
     * @throws IllegalStateException if the balances do not add up; nothing is committed
     */
    public long commit() {
        long sum = sumOfBalances();
        if (sum != ledger.totalMoney()) {
            throw new IllegalStateException(
                    "balances add up to " + sum + ", not " + ledger.totalMoney() + ": refusing to commit");
        }
        return heap.commit();
    }
}
