package dev.ferrite.fams.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only opens take no lock, so they read the log and the data file while a writer commits
 * and grows the file under them. What they find half-changed is the writer's work, not damage:
 * they start over, and never report a healthy file as corrupt.
 */
class ReaderRaceTest {
    private static final int PAGE = CommitChild.PAGE;

    @TempDir
    Path dir;

    @Test
    void readersRacingAGrowingWriterNeverCallItCorrupt() throws Exception {
        Path file = dir.resolve("raced.dat");
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(4 * PAGE).build())) {
            CommitChild.stamp(f, 0, 1);
            f.commit();
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Throwable> writerFailure = new ArrayList<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                for (int round = 0; round < 300; round++) {
                    // Alternately grow the file (an extension, then a growing commit) and rewrite pages in place.
                    int pages = 4 + round / 2;
                    try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size((long) pages * PAGE).build())) {
                        CommitChild.stamp(f, round % pages, f.commitNumber() + 1);
                        CommitChild.stamp(f, (round * 7) % pages, f.commitNumber() + 1);
                        f.commit();
                    }
                }
            } catch (Throwable t) {
                writerFailure.add(t);
            } finally {
                writing.set(false);
            }
        });
        List<String> corrupt = new ArrayList<>();
        int opens = 0;
        while (writing.get()) {
            try (FamsFile reader = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
                opens++;
                assertTrue(reader.commitNumber() >= 1);
            } catch (FamsCorruptException e) {
                corrupt.add(e.getMessage());
            } catch (FamsException busy) {
                // Ten commits during one open: a refusal to be retried, not a verdict on the file.
            }
        }
        writer.join();
        assertEquals(List.of(), writerFailure);
        assertEquals(List.of(), corrupt, "a healthy file was called corrupt in " + corrupt.size() + " of " + opens
                + " read-only opens");
    }
}
