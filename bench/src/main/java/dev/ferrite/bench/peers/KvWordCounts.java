package dev.ferrite.bench.peers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;

/** Word counts in a {@link KvStore}: the key is the word in UTF-8, the value its count (8 bytes); a read and a write per word. */
final class KvWordCounts implements WordCounts {
    private final KvStore store;

    KvWordCounts(KvStore store) {
        this.store = store;
    }

    @Override
    public void increment(String word) {
        byte[] key = word.getBytes(StandardCharsets.UTF_8);
        byte[] old = store.get(key);
        long count = old == null ? 0 : ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).getLong();
        store.put(key, ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(count + 1).array());
    }

    @Override
    public void commit() {
        store.commit();
    }

    @Override
    public SortedMap<String, Long> counts() {
        SortedMap<String, Long> counts = new TreeMap<>();
        store.forEach((k, v) -> counts.put(new String(k, StandardCharsets.UTF_8),
                ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong()));
        return counts;
    }

    @Override
    public void close() {
        store.close();
    }
}
