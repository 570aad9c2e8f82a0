package dev.ferrite.sample.wordfreq;

import dev.ferrite.runtime.Heap;
import dev.ferrite.sample.HeapFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code wordfreq}: counts words into a persistent sorted map and prints the most frequent. */
@Command(
        name = "wordfreq",
        mixinStandardHelpOptions = true,
        description = {
            "Counts the words of the given files (or standard input) into a persistent heap and prints"
                    + " the most frequent ones. Every run adds to the counts of earlier runs."
        })
public final class WordFreqCommand implements Callable<Integer> {

    @Option(names = "--heap", description = "The heap file (default: ${DEFAULT-VALUE}).")
    Path heapPath = HeapFiles.defaultPath("wordfreq.heap");

    @Option(names = "--top", description = "How many words to print (default: ${DEFAULT-VALUE}).")
    int top = 10;

    @Option(
            names = "--commit-every",
            description = "Commit after this many words; 0 commits once at the end (default: ${DEFAULT-VALUE}).")
    long commitEvery = 0;

    @Parameters(description = "Text files; standard input when none is given.")
    List<Path> files = List.of();

    @Override
    public Integer call() throws Exception {
        HeapFiles.announce(heapPath);
        try (Heap heap = Heap.open(heapPath)) {
            WordFrequencies frequencies = new WordFrequencies(heap, commitEvery);
            if (files.isEmpty()) {
                frequencies.count(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            }
            for (Path file : files) {
                try (BufferedReader text = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    frequencies.count(text);
                }
            }
            long commit = frequencies.finish();
            System.out.printf(
                    "counted %,d words; the heap now holds %,d distinct words (commit %d)%n",
                    frequencies.words(), frequencies.distinctWords(), commit);
            for (Map.Entry<String, Long> entry : frequencies.top(top)) {
                System.out.printf("%10d  %s%n", entry.getValue(), entry.getKey());
            }
        }
        return 0;
    }
}
