package dev.ferrite.bench.peers;

import dev.ferrite.fams.Durability;
import java.nio.file.Path;

/** Ferrite and the stores it is compared with, each opened in a directory of its own at a given durability. */
public enum Store {
    FERRITE("Ferrite commit()", "Ferrite commit(ASYNC)"),
    SQLITE("SQLite WAL synchronous=FULL", "SQLite WAL synchronous=NORMAL"),
    LMDB("LMDB", "LMDB MDB_NOSYNC"),
    MVSTORE("H2 MVStore commit+sync", "H2 MVStore commit"),
    ROCKSDB("RocksDB sync=true", "RocksDB sync=false");

    private final String durableLabel;
    private final String asyncLabel;

    Store(String durableLabel, String asyncLabel) {
        this.durableLabel = durableLabel;
        this.asyncLabel = asyncLabel;
    }

    /** How this store is named in a table, at {@code durability}. */
    public String label(Durability durability) {
        return durability == Durability.SYNC ? durableLabel : asyncLabel;
    }

    /** The peer as a key-value store; every store but Ferrite, whose users keep structs instead. */
    public KvStore keyValue(Path dir, Durability durability) {
        return switch (this) {
            case FERRITE -> throw new UnsupportedOperationException("Ferrite keeps structs, not byte arrays");
            case SQLITE -> SqliteStore.open(dir, durability);
            case LMDB -> LmdbStore.open(dir, durability);
            case MVSTORE -> MvStoreStore.open(dir, durability);
            case ROCKSDB -> RocksStore.open(dir, durability);
        };
    }

    /** Bank accounts kept in this store, in {@code dir}. */
    public Accounts accounts(Path dir, Durability durability) {
        return this == FERRITE ? new FerriteAccounts(dir, durability) : new KvAccounts(keyValue(dir, durability));
    }

    /** Word counts kept in this store, in {@code dir}. */
    public WordCounts wordCounts(Path dir, Durability durability) {
        return this == FERRITE ? new FerriteWordCounts(dir, durability) : new KvWordCounts(keyValue(dir, durability));
    }
}
