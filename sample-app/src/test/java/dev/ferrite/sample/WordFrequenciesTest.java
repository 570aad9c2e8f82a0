package dev.ferrite.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.sample.wordfreq.WordFrequencies;
import dev.ferrite.sample.wordfreq.Words;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordFrequenciesTest {
    private static final Path CORPUS = Path.of(System.getProperty("ferrite.sharedData", "../../shared/data"))
            .resolve("tinyshakespeare.txt");

    @TempDir
    Path dir;

    @Test
    void countsOfTheCorpusEqualAnInMemoryTreeMap() throws IOException {
        assumeTrue(Files.isRegularFile(CORPUS), "the shared corpus is not beside this checkout: " + CORPUS);
        String text = Files.readString(CORPUS, StandardCharsets.UTF_8);
        Map<String, Long> expected = countInMemory(text);
        Path heapFile = dir.resolve("words.heap");

        try (Heap heap = Heap.open(heapFile)) {
            WordFrequencies frequencies = new WordFrequencies(heap, 1_000);
            frequencies.count(new BufferedReader(new StringReader(text)));
            frequencies.finish();
        }
        try (Heap heap = Heap.open(heapFile)) {
            assertEquals(expected, copy(new WordFrequencies(heap, 0)));
        }
    }

    @Test
    void aSecondRunAddsToTheCountsOfTheFirst() throws IOException {
        String text = "the cat and the hat\nThe end\n";
        Path heapFile = dir.resolve("twice.heap");
        for (int run = 0; run < 2; run++) {
            try (Heap heap = Heap.open(heapFile)) {
                WordFrequencies frequencies = new WordFrequencies(heap, 0);
                frequencies.count(new BufferedReader(new StringReader(text)));
                frequencies.finish();
            }
        }
        try (Heap heap = Heap.open(heapFile)) {
            assertEquals(
                    Map.of("the", 6L, "cat", 2L, "and", 2L, "hat", 2L, "end", 2L),
                    copy(new WordFrequencies(heap, 0)));
        }
    }

    @Test
    void countsAfterTheLastCommitAreLostWhenTheHeapIsClosedWithoutCommitting() throws IOException {
        Path heapFile = dir.resolve("uncommitted.heap");
        try (Heap heap = Heap.open(heapFile)) {
            WordFrequencies frequencies = new WordFrequencies(heap, 0);
            frequencies.count(new BufferedReader(new StringReader("kept kept")));
            frequencies.finish();
            frequencies.count(new BufferedReader(new StringReader("lost kept")));
        }
        try (Heap heap = Heap.open(heapFile)) {
            assertEquals(Map.of("kept", 2L), copy(new WordFrequencies(heap, 0)));
        }
    }

    private static Map<String, Long> countInMemory(String text) {
        Map<String, Long> counts = new TreeMap<>();
        text.lines().forEach(line -> Words.forEach(line, word -> counts.merge(word, 1L, Long::sum)));
        return counts;
    }

    private static Map<String, Long> copy(WordFrequencies frequencies) {
        return new TreeMap<>(frequencies.counts());
    }
}
