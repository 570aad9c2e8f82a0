package dev.ferrite.bench.peers;

import dev.ferrite.fams.Durability;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * H2's MVStore, the storage engine under the H2 database, used on its own: one map of byte
 * arrays in {@code dir/kv.mv}, auto-commit disabled so that {@link #commit()} alone writes a
 * chunk. {@link Durability#SYNC} follows each commit with {@code MVStore.sync()} (the file is
 * forced to disk); {@link Durability#ASYNC} leaves the chunk to the operating system.
 */
public final class MvStoreStore implements KvStore {
    private final MVStore store;
    private final MVMap<byte[], byte[]> map;
    private final Durability durability;

    private MvStoreStore(MVStore store, Durability durability) {
        this.store = store;
        this.map = store.openMap("kv");
        this.durability = durability;
    }

    /** Opens (creating if absent) the store {@code dir/kv.mv}. */
    public static MvStoreStore open(Path dir, Durability durability) {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("kv.mv").toString()).autoCommitDisabled().open();
        return new MvStoreStore(store, durability);
    }

    @Override
    public byte[] get(byte[] key) {
        return map.get(key);
    }

    @Override
    public void put(byte[] key, byte[] value) {
        map.put(key, value);
    }

    @Override
    public boolean delete(byte[] key) {
        return map.remove(key) != null;
    }

    @Override
    public void commit() {
        store.commit();
        if (durability == Durability.SYNC) {
            store.sync();
        }
    }

    @Override
    public void forEach(BiConsumer<byte[], byte[]> action) {
        for (Map.Entry<byte[], byte[]> entry : map.entrySet()) {
            action.accept(entry.getKey(), entry.getValue());
        }
    }

    @Override
    public void close() {
        store.rollback();
        store.close();
    }
}
