package dev.ferrite.bench.peers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SortedMap;
import java.util.TreeMap;

/** Accounts in a {@link KvStore}: the key is the account number (8 bytes, big-endian, so keys sort), the value the balance. */
final class KvAccounts implements Accounts {
    private final KvStore store;

    KvAccounts(KvStore store) {
        this.store = store;
    }

    @Override
    public void create(int count, long opening) {
        for (long account = 1; account <= count; account++) {
            balance(account, opening);
        }
    }

    @Override
    public long balance(long account) {
        byte[] value = store.get(key(account));
        if (value == null) {
            throw new IllegalStateException("no account " + account);
        }
        return ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Override
    public void balance(long account, long value) {
        store.put(key(account), ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    @Override
    public void commit() {
        store.commit();
    }

    @Override
    public SortedMap<Long, Long> balances() {
        SortedMap<Long, Long> balances = new TreeMap<>();
        store.forEach((k, v) -> balances.put(ByteBuffer.wrap(k).getLong(),
                ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong()));
        return balances;
    }

    @Override
    public void close() {
        store.close();
    }

    private static byte[] key(long account) {
        return ByteBuffer.allocate(Long.BYTES).putLong(account).array();
    }
}
