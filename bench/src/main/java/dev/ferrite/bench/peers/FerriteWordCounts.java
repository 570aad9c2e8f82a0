package dev.ferrite.bench.peers;

import dev.ferrite.fams.Durability;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Word counts as the word-frequency sample keeps them: a {@link PersistentSortedMap} root of {@code String} to {@code long}. */
final class FerriteWordCounts implements WordCounts {
    private final Heap heap;
    private final PersistentSortedMap<String, Long> counts;
    private final Durability durability;

    FerriteWordCounts(Path dir, Durability durability) {
        this.heap = Heap.open(dir.resolve("wordfreq.heap"));
        this.counts = PersistentSortedMap.root(heap, "word-counts", KeyType.STRING, ValueType.LONG);
        this.durability = durability;
    }

    @Override
    public void increment(String word) {
        counts.addLong(word, 1);
    }

    @Override
    public void commit() {
        heap.commit(durability);
    }

    @Override
    public SortedMap<String, Long> counts() {
        SortedMap<String, Long> copy = new TreeMap<>();
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            copy.put(entry.getKey(), entry.getValue());
        }
        return copy;
    }

    @Override
    public void close() {
        heap.close();
    }
}
