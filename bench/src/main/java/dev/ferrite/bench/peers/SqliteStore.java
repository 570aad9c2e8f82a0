package dev.ferrite.bench.peers;

import dev.ferrite.fams.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.BiConsumer;

/**
 * SQLite through xerial's {@code sqlite-jdbc}, as its users tune it for speed with durability: a
 * write-ahead log ({@code journal_mode=WAL}), {@code synchronous=FULL} for {@link Durability#SYNC}
 * (the log is synced at every commit) and {@code synchronous=NORMAL} for {@link Durability#ASYNC}
 * (the log is synced only at checkpoints: a crash of the machine may lose the last commits). One
 * table {@code kv(k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID}, prepared statements, auto-commit off.
 */
public final class SqliteStore implements KvStore {
    private final Connection connection;
    private final PreparedStatement select;
    private final PreparedStatement upsert;
    private final PreparedStatement delete;

    private SqliteStore(Connection connection) throws SQLException {
        this.connection = connection;
        this.select = connection.prepareStatement("SELECT v FROM kv WHERE k = ?");
        this.upsert = connection.prepareStatement(
                "INSERT INTO kv(k, v) VALUES (?, ?) ON CONFLICT(k) DO UPDATE SET v = excluded.v");
        this.delete = connection.prepareStatement("DELETE FROM kv WHERE k = ?");
    }

    /** Opens (creating if absent) the database {@code dir/kv.sqlite}. */
    public static SqliteStore open(Path dir, Durability durability) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("kv.sqlite"));
            try (Statement s = connection.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=" + (durability == Durability.SYNC ? "FULL" : "NORMAL"));
                s.execute("CREATE TABLE IF NOT EXISTS kv(k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID");
            }
            connection.setAutoCommit(false);
            return new SqliteStore(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open SQLite in " + dir, e);
        }
    }

    @Override
    public byte[] get(byte[] key) {
        try {
            select.setBytes(1, key);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getBytes(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        try {
            upsert.setBytes(1, key);
            upsert.setBytes(2, value);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean delete(byte[] key) {
        try {
            delete.setBytes(1, key);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void commit() {
        try {
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void forEach(BiConsumer<byte[], byte[]> action) {
        try (Statement s = connection.createStatement(); ResultSet rows = s.executeQuery("SELECT k, v FROM kv")) {
            while (rows.next()) {
                action.accept(rows.getBytes(1), rows.getBytes(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
            select.close();
            upsert.close();
            delete.close();
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
