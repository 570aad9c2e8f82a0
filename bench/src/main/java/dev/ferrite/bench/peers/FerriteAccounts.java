package dev.ferrite.bench.peers;

import dev.ferrite.fams.Durability;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import dev.ferrite.sample.bank.Account;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Accounts as Ferrite's README shows them: the sample's {@link Account} structs in a {@link
 * PersistentSortedMap} root keyed by account number, committed with {@code heap.commit(durability)}.
 */
final class FerriteAccounts implements Accounts {
    private final Heap heap;
    private final PersistentSortedMap<Long, Account> accounts;
    private final Durability durability;

    FerriteAccounts(Path dir, Durability durability) {
        this.heap = Heap.open(dir.resolve("bank.heap"));
        this.accounts = PersistentSortedMap.root(heap, "accounts", KeyType.LONG, ValueType.struct(Account.class));
        this.durability = durability;
    }

    @Override
    public void create(int count, long opening) {
        for (long id = 1; id <= count; id++) {
            Account account = accounts.getOrCreate(id);
            account.id(id);
            account.owner("customer " + id);
            account.balance(opening);
        }
    }

    @Override
    public long balance(long account) {
        return accounts.get(account).balance();
    }

    @Override
    public void balance(long account, long value) {
        accounts.get(account).balance(value);
    }

    @Override
    public void commit() {
        heap.commit(durability);
    }

    @Override
    public SortedMap<Long, Long> balances() {
        SortedMap<Long, Long> balances = new TreeMap<>();
        for (Map.Entry<Long, Account> entry : accounts.entrySet()) {
            balances.put(entry.getKey(), entry.getValue().balance());
        }
        return balances;
    }

    @Override
    public void close() {
        heap.close();
    }
}
