package dev.ferrite.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The comparison as a user runs it: child JVMs, one table row per workload and store, the floor, the goals. */
class PeerComparisonTest {
    @TempDir
    Path dir;

    @Test
    void printsOneRowPerWorkloadAndStoreAndTheFloor() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_500; i++) {
            text.append(i % 7 == 0 ? "Whither, " : "the ").append(i % 3 == 0 ? "King's\n" : "crown ");
        }
        Path corpus = Files.writeString(dir.resolve("text.txt"), text);
        Output run = comparison("--runs", "1", "--seconds", "0.05", "--warm-up", "0", "--dir",
                dir.resolve("runs").toString(), "--stores", "ferrite,sqlite", "--workloads", "bank-1,wordfreq",
                corpus.toString());
        assertEquals(0, run.status(), run.text());
        List<String> rows = run.text().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| workload")).toList();
        assertEquals(5, rows.size(), run.text());
        assertTrue(rows.get(0).startsWith("| 1-sync floor | pwrite 4 KiB + fdatasync |"), rows.get(0));
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("| wordfreq | Ferrite commit()")), run.text());
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("| bank-1 | SQLite WAL synchronous=FULL |")), run.text());
        assertTrue(run.text().contains("goal bank-1: Ferrite ÷ SQLite WAL synchronous=FULL = "), run.text());
        try (var left = Files.list(dir.resolve("runs"))) {
            assertEquals(0, left.count(), "each run's directory is deleted");
        }
    }

    @Test
    void aRunThatFailsStopsTheComparisonWithStatus1() throws Exception {
        Path noWords = Files.writeString(dir.resolve("numbers.txt"), "1 2 3\n");
        Output run = comparison("--runs", "1", "--seconds", "0.05", "--warm-up", "0", "--stores", "sqlite",
                "--workloads", "wordfreq", noWords.toString());
        assertEquals(1, run.status(), run.text());
        assertTrue(run.text().contains("FAILED: SQLite WAL synchronous=FULL, wordfreq, run 1"), run.text());
        assertTrue(run.text().contains("holds no words"), run.text());
    }

    @Test
    void wordfreqWithoutATextFileIsAUsageError() throws Exception {
        Output run = comparison("--workloads", "wordfreq");
        assertEquals(2, run.status(), run.text());
        assertTrue(run.text().contains("wordfreq needs a text file"), run.text());
    }

    private record Output(int status, String text) {}

    private Output comparison(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PeerComparison.class.getName()));
        command.addAll(List.of(args));
        Path log = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the comparison ran for more than 2 minutes");
        }
        return new Output(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
