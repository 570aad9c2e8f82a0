package dev.ferrite.bench.peers;

import java.util.SortedMap;

/** What the word-frequency workload needs of a store: a count per word, and commits. */
public interface WordCounts extends AutoCloseable {

    /** Adds one to the count of {@code word} (absent counts are 0). */
    void increment(String word);

    /** Commits at the durability the store was opened with. */
    void commit();

    /** Every committed count, by word. */
    SortedMap<String, Long> counts();

    @Override
    void close();
}
