package dev.ferrite.readme;

import static dev.ferrite.testing.CompiledVersion.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.struct.StructType;
import dev.ferrite.testing.CompiledVersion;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java code, read from {@code README.md} itself, compiled with the processor and
 * run, so that it cannot rot. Only the fenced {@code ```java} blocks are read, never the text
 * around them.
 * <ul>
 *   <li>A block that declares a type (the quick start's {@code @PersistentStruct} interface, the
 *       test-kit section's JUnit test, compiled against {@code ferrite-test}) is a compilation
 *       unit, in the package it names or the unnamed one.</li>
 *   <li>Any other block is statements (the quick start's {@code Heap.open} block): it becomes the
 *       body of a {@code main} method, with the imports a reader would add: the runtime's public
 *       package, FAMS's (whose {@code CommitMode} and {@code Durability} the heap's options and
 *       commits name), {@code java.nio.file} and {@code java.time}.</li>
 * </ul>
 * Every block must compile, with the processor, under {@code -Xlint:all -Werror} (but for the
 * {@code processing} lint, which only reports annotations no processor claims), as the README
 * promises of generated code. The statement block that opens a heap is run as written, in a child
 * JVM whose working directory is a temporary directory, so that its relative file name lands there.
 */
class ReadmeTest {
    private static final Pattern JAVA_BLOCK = Pattern.compile("^( *)```java[ \\t]*\\n(.*?)^\\1```[ \\t]*$",
            Pattern.MULTILINE | Pattern.DOTALL);
    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*(?:public\\s+)?(?:interface|class|record|enum)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern FILE_NAME = Pattern.compile("Path\\.of\\(\"([^\"]+)\"\\)");

    private static List<String> blocks;
    private static List<String> units;
    private static List<String> statements;

    @TempDir
    Path dir;

    @BeforeAll
    static void readTheReadme() throws IOException {
        Path readme = Path.of(System.getProperty("ferrite.readme", "../README.md"));
        blocks = javaBlocks(Files.readString(readme, StandardCharsets.UTF_8));
        units = blocks.stream().filter(block -> TYPE_DECLARATION.matcher(block).find()).toList();
        statements = blocks.stream().filter(block -> !TYPE_DECLARATION.matcher(block).find()).toList();
        assertTrue(units.stream().anyMatch(block -> block.contains("@PersistentStruct")),
                readme + " has no ```java block declaring a @PersistentStruct, which its quick start shows: " + blocks);
        assertTrue(statements.stream().anyMatch(block -> block.contains("Heap.open(")),
                readme + " has no ```java block opening a heap, which its quick start shows: " + blocks);
        assertTrue(units.stream().anyMatch(block -> block.contains("PowerCuts.of(") && block.contains("KillTest.of(")
                        && block.contains("MigrationTester.of(")),
                readme + " has no ```java block testing with ferrite-test, which its section on the test kit shows");
    }

    /** The contents of the fenced {@code ```java} blocks of {@code markdown}, indentation removed, in order. */
    static List<String> javaBlocks(String markdown) {
        List<String> found = new ArrayList<>();
        Matcher block = JAVA_BLOCK.matcher(markdown.replace("\r\n", "\n"));
        while (block.find()) {
            found.add(block.group(2).stripIndent());
        }
        return found;
    }

    @Test
    void theQuickStartKeepsTheBalanceAcrossRuns() throws Exception {
        CompiledVersion compiled = compileAll(dir.resolve("classes"));
        String opening = statements.stream().filter(block -> block.contains("Heap.open(")).findFirst().orElseThrow();
        Matcher fileName = FILE_NAME.matcher(opening);
        assertTrue(fileName.find(), "the quick start opens a heap by a file name, Path.of(\"...\"): " + opening);
        Path heapFile = dir.resolve("work").resolve(fileName.group(1));
        String main = wrapperName(statements.indexOf(opening));
        Class<?> struct = compiled.type(qualifiedName(units.stream()
                .filter(block -> block.contains("@PersistentStruct")).findFirst().orElseThrow()));

        run(compiled, main, heapFile.getParent());
        assertEquals(100L, balance(heapFile, struct), "after one run");
        run(compiled, main, heapFile.getParent());
        run(compiled, main, heapFile.getParent());
        assertEquals(300L, balance(heapFile, struct), "after three runs");
    }

    @Test
    void theQuickStartStructGetsTheFlyweightTheReadmeDescribes() throws Exception {
        CompiledVersion compiled = compileAll(dir.resolve("classes"));
        for (String unit : units) {
            if (!unit.contains("@PersistentStruct")) {
                continue;
            }
            Class<?> struct = compiled.type(qualifiedName(unit));
            Class<?> flyweight = compiled.type(qualifiedName(unit) + "Flyweight");
            // "with the record's SIZE, VERSION, LAYOUT (a java.lang.foreign.StructLayout) and TYPE"
            long size = flyweight.getField("SIZE").getLong(null);
            java.lang.foreign.StructLayout layout = (java.lang.foreign.StructLayout) flyweight.getField("LAYOUT").get(null);
            assertEquals(size, layout.byteSize());
            assertTrue(flyweight.getField("VERSION").getInt(null) >= 1);
            assertEquals(flyweight.getField("TYPE").get(null), StructType.of(struct));
        }
    }

    /** Compiles every block together, each statement block in its own class. */
    private static CompiledVersion compileAll(Path classes) {
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> imports = new ArrayList<>(List.of("dev.ferrite.runtime.*", "dev.ferrite.fams.*", "java.nio.file.*",
                "java.time.*"));
        for (String unit : units) {
            sources.put(qualifiedName(unit), unit);
            Matcher pkg = PACKAGE.matcher(unit);
            if (pkg.find()) {
                imports.add(pkg.group(1) + ".*");
            }
        }
        for (int i = 0; i < statements.size(); i++) {
            StringBuilder wrapper = new StringBuilder();
            for (String imported : imports.stream().distinct().toList()) {
                wrapper.append("import ").append(imported).append(";\n");
            }
            wrapper.append("\npublic final class ").append(wrapperName(i)).append(" {\n")
                    .append("    private ").append(wrapperName(i)).append("() {}\n\n")
                    .append("    public static void main(String[] args) throws Exception {\n")
                    .append(statements.get(i).indent(8))
                    .append("    }\n}\n");
            sources.put(wrapperName(i), wrapper.toString());
        }
        assertFalse(sources.isEmpty());
        // -processing, as in Ferrite's own build: no processor claims the JUnit annotations of the
        // test-kit example, and javac would warn of that, not of anything in the code.
        return CompiledVersion.compileWithOptions(classes, sources, List.of("-Xlint:all,-processing", "-Werror"));
    }

    private static String wrapperName(int index) {
        return "ReadmeBlock" + (index + 1);
    }

    private static String qualifiedName(String unit) {
        Matcher type = TYPE_DECLARATION.matcher(unit);
        assertTrue(type.find(), unit);
        Matcher pkg = PACKAGE.matcher(unit);
        return pkg.find() ? pkg.group(1) + "." + type.group(1) : type.group(1);
    }

    /** Runs {@code main} of the compiled classes in a child JVM working in {@code directory}. */
    private static void run(CompiledVersion compiled, String main, Path directory) throws Exception {
        Files.createDirectories(directory);
        Path log = directory.resolveSibling("child.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = compiled.classes().toAbsolutePath() + File.pathSeparator
                + System.getProperty("java.class.path");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath, main)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
        }
        assertEquals(0, child.exitValue(), () -> main + " failed: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** The balance of the root the quick start writes, read through the compiled struct. */
    private static Object balance(Path heapFile, Class<?> struct) {
        try (Heap heap = Heap.open(heapFile)) {
            assertEquals(1, heap.rootNames().size(), heap.rootNames().toString());
            return call(heap.root(heap.rootNames().iterator().next(), struct), "balance");
        }
    }
}
