package dev.ferrite.bench.peers;

import dev.ferrite.fams.Durability;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/**
 * LMDB through {@code lmdbjava}: one database in {@code dir}, a 4 GiB map, one write transaction
 * open from the first write to {@link #commit()}. {@link Durability#SYNC} is LMDB's default (the
 * data and the meta page are synced at every commit); {@link Durability#ASYNC} opens the
 * environment with {@code MDB_NOSYNC} (nothing is synced until the environment is closed).
 *
 * <p>lmdbjava needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} (it reads a direct
 * buffer's address), and on Java 24 and later {@code --sun-misc-unsafe-memory-access=allow} to
 * run without a warning.
 */
public final class LmdbStore implements KvStore {
    private static final long MAP_SIZE = 4L << 30;
    /** LMDB's longest key. */
    private static final int MAX_KEY = 511;

    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> db;
    private final ByteBuffer keyBuffer = ByteBuffer.allocateDirect(MAX_KEY);
    private ByteBuffer valueBuffer = ByteBuffer.allocateDirect(256);
    private Txn<ByteBuffer> txn;

    private LmdbStore(Env<ByteBuffer> env) {
        this.env = env;
        this.db = env.openDbi("kv", DbiFlags.MDB_CREATE);
    }

    /** Opens (creating if absent) the environment in directory {@code dir}. */
    public static LmdbStore open(Path dir, Durability durability) {
        EnvFlags[] flags = durability == Durability.SYNC ? new EnvFlags[0] : new EnvFlags[] {EnvFlags.MDB_NOSYNC};
        return new LmdbStore(Env.create().setMapSize(MAP_SIZE).setMaxDbs(1).open(dir.toFile(), flags));
    }

    private Txn<ByteBuffer> writeTxn() {
        if (txn == null) {
            txn = env.txnWrite();
        }
        return txn;
    }

    private ByteBuffer key(byte[] key) {
        if (key.length > MAX_KEY) {
            throw new IllegalArgumentException("LMDB keys hold at most " + MAX_KEY + " bytes: " + key.length);
        }
        return keyBuffer.clear().put(key).flip();
    }

    @Override
    public byte[] get(byte[] key) {
        ByteBuffer value = db.get(writeTxn(), key(key));
        if (value == null) {
            return null;
        }
        byte[] bytes = new byte[value.remaining()];
        value.get(bytes);
        return bytes;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        if (valueBuffer.capacity() < value.length) {
            valueBuffer = ByteBuffer.allocateDirect(Math.max(value.length, 2 * valueBuffer.capacity()));
        }
        db.put(writeTxn(), key(key), valueBuffer.clear().put(value).flip());
    }

    @Override
    public boolean delete(byte[] key) {
        return db.delete(writeTxn(), key(key));
    }

    @Override
    public void commit() {
        if (txn != null) {
            txn.commit();
            txn.close();
            txn = null;
        }
    }

    @Override
    public void forEach(BiConsumer<byte[], byte[]> action) {
        try (Txn<ByteBuffer> read = env.txnRead(); CursorIterable<ByteBuffer> entries = db.iterate(read, KeyRange.all())) {
            for (CursorIterable.KeyVal<ByteBuffer> entry : entries) {
                byte[] k = new byte[entry.key().remaining()];
                entry.key().get(k);
                byte[] v = new byte[entry.val().remaining()];
                entry.val().get(v);
                action.accept(k, v);
            }
        }
    }

    @Override
    public void close() {
        if (txn != null) {
            txn.abort();
            txn.close();
            txn = null;
        }
        db.close();
        env.close();
    }
}
