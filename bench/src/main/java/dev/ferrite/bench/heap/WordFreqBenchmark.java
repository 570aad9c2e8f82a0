package dev.ferrite.bench.heap;

import dev.ferrite.runtime.Heap;
import dev.ferrite.sample.wordfreq.WordFrequencies;
import dev.ferrite.sample.wordfreq.Words;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * The word-frequency sample on a corpus: words per second and bytes written per commit with a
 * commit every 1,000 words, and with one commit at the end, next to the same count in an
 * in-memory {@link TreeMap}.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar
 * dev.ferrite.bench.heap.WordFreqBenchmark ../shared/data/tinyshakespeare.txt}
 */
public final class WordFreqBenchmark {
    private static final int ROUNDS = 5;

    private WordFreqBenchmark() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: WordFreqBenchmark <text file>");
            System.exit(2);
        }
        String text = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        Path dir = Files.createTempDirectory("wordfreq-bench");
        System.out.printf("%-28s %12s %10s %14s %16s%n", "variant", "words/s", "commits", "bytes written", "bytes per commit");
        for (int round = 0; round < ROUNDS; round++) {
            boolean last = round == ROUNDS - 1;
            report("TreeMap in memory", inMemory(text), last);
            report("heap, commit every 1,000", onHeap(text, dir.resolve("every-1000-" + round + ".heap"), 1_000), last);
            report("heap, one commit at the end", onHeap(text, dir.resolve("once-" + round + ".heap"), 0), last);
        }
    }

    private record Result(long words, long nanos, long commits, long bytesWritten) {}

    private static Result inMemory(String text) {
        long start = System.nanoTime();
        TreeMap<String, Long> counts = new TreeMap<>();
        long[] words = {0};
        text.lines().forEach(line -> Words.forEach(line, word -> {
            counts.merge(word, 1L, Long::sum);
            words[0]++;
        }));
        return new Result(words[0], System.nanoTime() - start, 0, 0);
    }

    private static Result onHeap(String text, Path file, long commitEvery) throws IOException {
        try (Heap heap = Heap.open(file)) {
            long firstCommit = heap.commit();
            ProcessCounters before = ProcessCounters.now();
            long start = System.nanoTime();
            WordFrequencies frequencies = new WordFrequencies(heap, commitEvery);
            frequencies.count(new BufferedReader(new StringReader(text)));
            long lastCommit = frequencies.finish();
            long nanos = System.nanoTime() - start;
            ProcessCounters after = ProcessCounters.now();
            long commits = Math.max(1, lastCommit - firstCommit);
            return new Result(frequencies.words(), nanos, commits, after.bytesWritten() - before.bytesWritten());
        } finally {
            try (var siblings = Files.list(file.getParent())) {
                for (Path sibling : siblings.toList()) {
                    if (sibling.getFileName().toString().startsWith(file.getFileName().toString())) {
                        Files.delete(sibling);
                    }
                }
            }
        }
    }

    private static void report(String variant, Result result, boolean print) {
        if (!print) {
            return;
        }
        System.out.printf(
                "%-28s %12.0f %10d %14d %16d%n",
                variant,
                result.words() / (result.nanos() / 1e9),
                result.commits(),
                result.bytesWritten(),
                result.commits() == 0 ? 0 : result.bytesWritten() / result.commits());
    }
}
