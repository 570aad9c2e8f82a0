package dev.ferrite.sample.wordfreq;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The term-frequency counter of Kelly's article: word counts kept in a persistent sorted map,
 * so that every run adds to the counts of all earlier runs.
 */
public final class WordFrequencies {
    /** The root under which the counts are kept. */
    public static final String ROOT = "word-counts";

    private final Heap heap;
    private final PersistentSortedMap<String, Long> counts;
    private final long commitEvery;
    private long wordsSinceCommit;
    private long words;

    /**
     * @param commitEvery commit after this many words (0: only when {@link #finish()} is called)
     */
    public WordFrequencies(Heap heap, long commitEvery) {
        this.heap = heap;
        this.counts = PersistentSortedMap.root(heap, ROOT, KeyType.STRING, ValueType.LONG);
        this.commitEvery = commitEvery;
    }

    /** Counts every word read from {@code text}. */
    public void count(BufferedReader text) throws IOException {
        for (String line = text.readLine(); line != null; line = text.readLine()) {
            Words.forEach(line, this::add);
        }
    }

    private void add(String word) {
        counts.addLong(word, 1);
        words++;
        if (commitEvery > 0 && ++wordsSinceCommit == commitEvery) {
            heap.commit();
            wordsSinceCommit = 0;
        }
    }

    /** Commits what was counted; returns the commit number. */
    public long finish() {
        wordsSinceCommit = 0;
        return heap.commit();
    }

    /** Words counted by this object. */
    public long words() {
        return words;
    }

    /** Distinct words in the heap, over all runs. */
    public long distinctWords() {
        return counts.longSize();
    }

    /** The heap's counts, in word order. */
    public PersistentSortedMap<String, Long> counts() {
        return counts;
    }

    /** The {@code n} most frequent words, most frequent first; ties in word order. */
    public List<Map.Entry<String, Long>> top(int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .map(entry -> Map.entry(entry.getKey(), entry.getValue()))
                .toList();
    }
}
