package dev.ferrite.bench.collections;

import java.nio.file.Path;
import java.util.Map;
import org.mapdb.BTreeMap;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.serializer.GroupSerializer;
import org.mapdb.Serializer;
import org.openjdk.jmh.infra.Blackhole;

/**
 * MapDB's {@link BTreeMap} in a memory-mapped file with transactions off (MapDB's default: writes
 * go straight to the mapping, nothing is logged) and its locks off, as a single-threaded user would
 * configure it for speed; keys and values with MapDB's own serializers for them.
 */
final class MapDbTreeMapUnderTest<K> implements SortedMapUnderTest<K> {
    private final DB db;
    private final BTreeMap<K, Long> map;

    MapDbTreeMapUnderTest(Path file, GroupSerializer<K> keys) {
        db = DBMaker.fileDB(file.toFile()).fileMmapEnable().concurrencyDisable().make();
        map = db.treeMap("map", keys, Serializer.LONG).createOrOpen();
    }

    @Override
    public Long get(K key) {
        return map.get(key);
    }

    @Override
    public void put(K key, Long value) {
        map.put(key, value);
    }

    @Override
    public void remove(K key) {
        map.remove(key);
    }

    @Override
    public long scan(Blackhole keys) {
        long sum = 0;
        for (Map.Entry<K, Long> entry : map.entrySet()) {
            keys.consume(entry.getKey());
            sum += entry.getValue();
        }
        return sum;
    }

    /** Without transactions MapDB's commit only forces the file; nothing to do between iterations. */
    @Override
    public void commit() {}

    @Override
    public void close() {
        db.close();
    }
}
