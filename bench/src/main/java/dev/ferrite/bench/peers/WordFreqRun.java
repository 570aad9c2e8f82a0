package dev.ferrite.bench.peers;

import dev.ferrite.fams.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The word-frequency workload: every word of the corpus counted once, a commit every 1,000 words
 * and one after the last. A warm-up counts words into a store that is then thrown away; the timed
 * part is one pass over the whole corpus into a new store, whose counts after reopening must equal
 * a {@link TreeMap}'s.
 */
final class WordFreqRun {
    private WordFreqRun() {}

    static RunResult run(Store store, Path dir, Path corpus, int wordsPerCommit, Durability durability,
            long warmUpNanos) throws IOException {
        String[] words = Corpus.words(corpus);
        Path warmUpDir = Files.createDirectory(dir.resolve("warm-up"));
        try (WordCounts counts = store.wordCounts(warmUpDir, durability)) {
            long end = System.nanoTime() + warmUpNanos;
            for (int i = 0; System.nanoTime() < end; i++) {
                counts.increment(words[i % words.length]);
                if ((i + 1) % wordsPerCommit == 0) {
                    counts.commit();
                }
            }
            counts.commit();
        }
        Path runDir = Files.createDirectory(dir.resolve("run"));
        RunResult result;
        try (WordCounts counts = store.wordCounts(runDir, durability)) {
            long written = IoCounter.bytesWritten();
            long start = System.nanoTime();
            long commits = 0;
            for (int i = 0; i < words.length; i++) {
                counts.increment(words[i]);
                if ((i + 1) % wordsPerCommit == 0 || i == words.length - 1) {
                    counts.commit();
                    commits++;
                }
            }
            long nanos = System.nanoTime() - start;
            result = new RunResult(words.length, nanos, commits, IoCounter.bytesWritten() - written,
                    LogMode.of(runDir));
        }
        SortedMap<String, Long> expected = new TreeMap<>();
        for (String word : words) {
            expected.merge(word, 1L, Long::sum);
        }
        try (WordCounts reopened = store.wordCounts(runDir, durability)) {
            SortedMap<String, Long> actual = reopened.counts();
            if (!actual.equals(expected)) {
                throw new CheckFailedException("after reopening, " + actual.size() + " words are counted (expected "
                        + expected.size() + "); first difference: " + firstDifference(expected, actual));
            }
        }
        return result;
    }

    private static String firstDifference(SortedMap<String, Long> expected, SortedMap<String, Long> actual) {
        TreeMap<String, Long> all = new TreeMap<>(expected);
        all.putAll(actual);
        for (String word : all.keySet()) {
            if (!Objects.equals(expected.get(word), actual.get(word))) {
                return "\"" + word + "\" counted " + actual.get(word) + ", expected " + expected.get(word);
            }
        }
        return "none";
    }
}
