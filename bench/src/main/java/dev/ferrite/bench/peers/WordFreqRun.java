package dev.ferrite.bench.peers;

import dev.ferrite.bench.Directories;
import dev.ferrite.fams.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The word-frequency workload: every word of the corpus counted once into a new store, a commit
 * every 1,000 words and one after the last. A warm-up counts words into a store that is then
 * thrown away; the timed part is as many such passes as fit in the measured time (at least one),
 * each into a store of its own, whose counts after reopening must equal a {@link TreeMap}'s. A
 * pass is timed, and its bytes counted, up to the end of its store's {@code close()}: whatever a
 * store defers past its commits (Ferrite's checkpoint, SQLite's WAL checkpoint) is paid within
 * the pass.
 *
 * <p>Whole passes, timed for as long as the bank workloads run, rather than one: a single pass of
 * a short text takes a fraction of a second, which measures how far the JIT compiler has got as
 * much as the store.
 */
final class WordFreqRun {
    private WordFreqRun() {}

    static RunResult run(Store store, Path dir, Path corpus, int wordsPerCommit, Durability durability,
            long warmUpNanos, long measureNanos) throws IOException {
        String[] words = Corpus.words(corpus);
        SortedMap<String, Long> expected = new TreeMap<>();
        for (String word : words) {
            expected.merge(word, 1L, Long::sum);
        }
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
        long ops = 0;
        long nanos = 0;
        long commits = 0;
        long written = 0;
        String note = "";
        for (int pass = 0; pass == 0 || nanos < measureNanos; pass++) {
            Path passDir = Files.createDirectory(dir.resolve("pass-" + pass));
            WordCounts counts = store.wordCounts(passDir, durability);
            long writtenBefore = IoCounter.bytesWritten();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < words.length; i++) {
                    counts.increment(words[i]);
                    if ((i + 1) % wordsPerCommit == 0 || i == words.length - 1) {
                        counts.commit();
                        commits++;
                    }
                }
            } finally {
                counts.close();
            }
            nanos += System.nanoTime() - start;
            written += IoCounter.bytesWritten() - writtenBefore;
            ops += words.length;
            note = LogMode.of(passDir);
            check(store, passDir, durability, expected);
            Directories.deleteRecursively(passDir);
        }
        return new RunResult(ops, nanos, commits, written, note);
    }

    private static void check(Store store, Path dir, Durability durability, SortedMap<String, Long> expected) {
        try (WordCounts reopened = store.wordCounts(dir, durability)) {
            SortedMap<String, Long> actual = reopened.counts();
            if (!actual.equals(expected)) {
                throw new CheckFailedException("after reopening " + dir + ", " + actual.size()
                        + " words are counted (expected " + expected.size() + "); first difference: "
                        + firstDifference(expected, actual));
            }
        }
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
