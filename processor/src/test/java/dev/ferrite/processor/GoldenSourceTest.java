package dev.ferrite.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Compares the generated source of the struct that uses every field type with a reviewed copy
 * under {@code src/test/resources/golden}. After an intended change, regenerate with {@code
 * -Dferrite.updateGolden=true} and review the diff.
 */
class GoldenSourceTest {
    private static final String UPDATE = "ferrite.updateGolden";
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final String EVERYTHING = "dev.ferrite.processor.fixtures.EverythingFlyweight";
    private static final String NODE = "dev.ferrite.processor.fixtures.NodeFlyweight";
    private static final String SHELF = "dev.ferrite.processor.fixtures.ShelfFlyweight";

    @Test
    void everythingFlyweightMatchesTheGoldenFile() throws IOException {
        assertGolden(EVERYTHING);
    }

    @Test
    void nodeFlyweightWithChainingSettersMatchesTheGoldenFile() throws IOException {
        assertGolden(NODE);
    }

    @Test
    void shelfFlyweightWithCollectionFieldsMatchesTheGoldenFile() throws IOException {
        assertGolden(SHELF);
    }

    /** A golden file no test compares would go stale unnoticed, and so would the checks that read it. */
    @Test
    void everyGoldenFileIsCompared() throws IOException {
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            List<String> golden = files.filter(Files::isRegularFile)
                    .map(file -> GOLDEN.relativize(file).toString().replace(File.separatorChar, '/'))
                    .sorted()
                    .toList();
            assertEquals(List.of(EVERYTHING, NODE, SHELF).stream().map(name -> name.replace('.', '/') + ".java").toList(),
                    golden, "golden files under " + GOLDEN.toAbsolutePath());
        }
    }

    private static void assertGolden(String className) throws IOException {
        JavaFileObject generated = GeneratedClasses.fixtures().compilation()
                .generatedSourceFile(className)
                .orElseThrow(() -> new AssertionError("no generated source for " + className));
        String actual = generated.getCharContent(false).toString();
        Path golden = GOLDEN.resolve(className.replace('.', '/') + ".java");
        if (Boolean.getBoolean(UPDATE)) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(golden)) {
            fail("golden file " + golden.toAbsolutePath() + " is missing; generate it with"
                    + " ./mvnw test -pl processor -Dtest=GoldenSourceTest -D" + UPDATE + "=true and review it");
        }
        List<String> expectedLines = Files.readAllLines(golden, StandardCharsets.UTF_8);
        List<String> actualLines = actual.lines().toList();
        for (int i = 0; i < Math.max(expectedLines.size(), actualLines.size()); i++) {
            String expected = i < expectedLines.size() ? expectedLines.get(i) : "<end of file>";
            String found = i < actualLines.size() ? actualLines.get(i) : "<end of file>";
            assertEquals(expected, found, "generated " + className + " differs from " + golden + " at line " + (i + 1)
                    + "; if the change is intended, regenerate with -D" + UPDATE + "=true and review the diff");
        }
    }
}
