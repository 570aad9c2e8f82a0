package dev.ferrite.bench.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of the disk space comparison: the stores asked for, and only those, each with its
 * disk use against the live bytes and its speed in the three phases; Ferrite also after a
 * compaction.
 */
class DiskSpaceComparisonTest {
    @TempDir
    Path dir;

    @Test
    void reportsTheDiskUseAndSpeedOfTheStoresAskedFor() throws Exception {
        String out = run("--records", "4000", "--dir", dir.toString(), "--stores", "ferrite,sqlite", "--values", "random");
        List<String> lines = out.lines().toList();
        assertTrue(lines.getFirst().startsWith("4,000 records of 100 bytes"), out);
        for (String row : List.of("Ferrite write-ahead commit()", "Ferrite after compact()", "SQLite WAL synchronous=FULL")) {
            assertTrue(lines.stream().anyMatch(line -> line.startsWith(row) && line.trim().endsWith("x")), row + " in\n" + out);
        }
        assertTrue(lines.stream().noneMatch(line -> line.startsWith("LMDB")), out);
        int speeds = lines.indexOf(lines.stream().filter(line -> line.contains("inserts again")).findFirst().orElseThrow());
        assertEquals(2, lines.size() - speeds - 1, "a speed row per store:\n" + out);
        assertTrue(lines.get(speeds + 1).startsWith("Ferrite"), out);
    }

    @Test
    void valuesOfATextAreItsWindows() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "To be, or not to be, that is the question: ".repeat(20) + "\u00e9 ");
        String out = run("--records", "2000", "--dir", dir.resolve("run").toString(), "--stores", "ferrite",
                "--values", "text", text.toString());
        assertTrue(out.lines().anyMatch(line -> line.startsWith("Ferrite after compact()")), out);
        assertThrows(IllegalArgumentException.class,
                () -> run("--values", "text", Files.writeString(dir.resolve("short.txt"), "too short").toString()));
    }

    @Test
    void refusesAnUnknownKindOfValues() {
        assertThrows(IllegalArgumentException.class, () -> run("--values", "compressed"));
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            DiskSpaceComparison.main(args);
        } finally {
            System.setOut(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
