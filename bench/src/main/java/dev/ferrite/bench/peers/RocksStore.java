package dev.ferrite.bench.peers;

import dev.ferrite.fams.Durability;
import java.nio.file.Path;
import java.util.function.BiConsumer;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;

/**
 * RocksDB through {@code rocksdbjni}, default options: writes gather in a {@link
 * WriteBatchWithIndex} (reads see them through {@code getFromBatchAndDB}) and {@link #commit()}
 * writes the batch atomically; {@link Durability#SYNC} with {@code WriteOptions.setSync(true)}
 * (the write-ahead log is synced at every commit), {@link Durability#ASYNC} with {@code
 * setSync(false)} (the log is written to the operating system but not synced).
 */
public final class RocksStore implements KvStore {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions = new ReadOptions();
    private final WriteBatchWithIndex batch = new WriteBatchWithIndex(true);

    private RocksStore(Options options, RocksDB db, Durability durability) {
        this.options = options;
        this.db = db;
        this.writeOptions = new WriteOptions().setSync(durability == Durability.SYNC);
    }

    /** Opens (creating if absent) the database in directory {@code dir}. */
    public static RocksStore open(Path dir, Durability durability) {
        Options options = new Options().setCreateIfMissing(true);
        try {
            return new RocksStore(options, RocksDB.open(options, dir.toString()), durability);
        } catch (RocksDBException e) {
            options.close();
            throw new IllegalStateException("cannot open RocksDB in " + dir, e);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        try {
            return batch.getFromBatchAndDB(db, readOptions, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        try {
            batch.put(key, value);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean delete(byte[] key) {
        boolean present = get(key) != null;
        try {
            batch.delete(key);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
        return present;
    }

    @Override
    public void commit() {
        try {
            db.write(writeOptions, batch);
            batch.clear();
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void forEach(BiConsumer<byte[], byte[]> action) {
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                action.accept(it.key(), it.value());
            }
        }
    }

    @Override
    public void close() {
        batch.close();
        readOptions.close();
        writeOptions.close();
        db.close();
        options.close();
    }
}
