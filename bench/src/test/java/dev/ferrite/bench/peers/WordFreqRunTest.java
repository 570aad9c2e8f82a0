package dev.ferrite.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The word-frequency workload times whole passes, each into a store of its own, for the measured time. */
class WordFreqRunTest {
    @TempDir
    Path dir;

    @Test
    void countsWholePassesUntilTheMeasuredTimeIsSpent() throws Exception {
        Path corpus = Files.writeString(dir.resolve("text.txt"),
                "to be, or not to be: that is the question\n".repeat(300));
        long measure = TimeUnit.MILLISECONDS.toNanos(200);
        Path runs = Files.createDirectory(dir.resolve("runs"));

        RunResult result = WordFreqRun.run(Store.FERRITE, runs, corpus, 1_000, Durability.ASYNC, 0, measure);

        int words = 10 * 300;
        assertTrue(result.nanos() >= measure, result.toLine());
        assertEquals(0, result.ops() % words, result.toLine());
        long passes = result.ops() / words;
        assertEquals(passes * 3, result.commits(), result.toLine());
        try (var left = Files.list(runs)) {
            assertEquals(List.of(runs.resolve("warm-up")), left.toList(), "each pass's store is deleted once checked");
        }
    }
}
