package dev.ferrite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ferrite} command as a user runs it: the launcher script that the package phase writes
 * next to {@code ferrite.jar}, started as a process of its own, and its shell completion.
 */
class LauncherIT {
    private static final Path BUILD = Path.of(System.getProperty("ferrite.build.directory", "target"));
    private static final Path LAUNCHER = BUILD.resolve("ferrite");
    private static final Path COMPLETION = BUILD.resolve("ferrite_completion");
    private static final String JAVA_HOME = System.getProperty("java.home");
    private static final List<String> COMMANDS = List.of("info", "verify", "dump", "migrate", "compact", "versions", "rollback");

    @TempDir
    Path dir;

    @Test
    void helpListsTheCommands() throws Exception {
        Run help = launch(Map.of("JAVA_HOME", JAVA_HOME), "--help");
        assertEquals(0, help.exitCode(), help.err());
        assertTrue(help.out().startsWith("Usage: ferrite "), help.out());
        for (String command : COMMANDS) {
            assertTrue(help.out().contains("  " + command + " "), command + " missing from:\n" + help.out());
        }
        assertEquals("", help.err());
    }

    @Test
    void infoReadsARealHeapWithoutANativeAccessWarning() throws Exception {
        Path file = dir.resolve("app.heap");
        try (Heap heap = Heap.open(file)) {
            PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG).putLong("apples", 3);
            heap.commit();
        }
        Run info = launch(Map.of("JAVA_HOME", JAVA_HOME), "info", file.toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("roots     1"), info.out());
        assertTrue(info.out().contains("  counts"), info.out());
        assertEquals("", info.err());
    }

    @Test
    void findsJavaOnThePathWithoutJavaHome() throws Exception {
        Map<String, String> environment = Map.of(
                "JAVA_HOME", "",
                "PATH", Path.of(JAVA_HOME, "bin") + File.pathSeparator + System.getenv("PATH"));
        Run version = launch(environment, "--version");
        assertEquals(0, version.exitCode(), version.err());
        assertTrue(version.out().startsWith("ferrite "), version.out());
    }

    @Test
    void anOlderJavaIsNamedInsteadOfRun() throws Exception {
        Path oldJdk = Files.createDirectories(dir.resolve("jdk-17").resolve("bin")).getParent();
        Files.writeString(oldJdk.resolve("release"), "IMPLEMENTOR=\"Example\"\nJAVA_VERSION=\"17.0.15\"\n");
        Path java = Files.writeString(oldJdk.resolve("bin").resolve("java"), "#!/bin/sh\necho ran\n");
        java.toFile().setExecutable(true);
        Run run = launch(Map.of("JAVA_HOME", oldJdk.toString()), "--version");
        assertEquals(126, run.exitCode(), run.out() + run.err());
        assertEquals("ferrite: needs Java 25 or newer, but " + java + " is Java 17: set JAVA_HOME to a JDK 25\n",
                run.err());
        assertEquals("", run.out());
    }

    @Test
    void worksThroughASymbolicLinkAndPassesExitCodesOn() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("ferrite"), LAUNCHER.toAbsolutePath());
        try {
            Run usage = run(List.of(link.toString(), "frobnicate"), Map.of("JAVA_HOME", JAVA_HOME));
            assertEquals(FerriteCommand.USAGE, usage.exitCode(), usage.err());
            assertTrue(usage.err().contains("frobnicate"), usage.err());

            Run missing = run(List.of(link.toString(), "info", dir.resolve("absent.heap").toString()),
                    Map.of("JAVA_HOME", JAVA_HOME));
            assertEquals(FerriteCommand.UNREADABLE, missing.exitCode(), missing.err());
        } finally {
            Files.delete(link); // before JUnit cleans up the folder, which warns of links leading out of it
        }
    }

    @Test
    void completionScriptCompletesTheCommands() throws Exception {
        assertTrue(Files.isRegularFile(COMPLETION), COMPLETION + " was not generated");
        String script = Files.readString(COMPLETION);
        for (String command : COMMANDS) {
            assertTrue(script.contains(command), command + " missing from " + COMPLETION);
        }
        assertTrue(script.contains("complete -F"), script);

        // What bash offers after "ferrite v<TAB>", asking the script as bash itself does.
        assumeTrue(onPath("bash"), "no bash to source the completion with");
        String complete = "source '" + COMPLETION.toAbsolutePath() + "'\n"
                + "COMP_WORDS=(ferrite v); COMP_CWORD=1; COMP_LINE='ferrite v'; COMP_POINT=9\n"
                + "$(complete -p ferrite | sed -n 's/.*-F \\([^ ]*\\) .*/\\1/p') ferrite v ferrite\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Run bash = run(List.of("bash", "-c", complete), Map.of());
        assertEquals(0, bash.exitCode(), bash.err());
        assertEquals(List.of("verify", "versions"), bash.out().strip().lines().sorted().toList(), bash.err());
    }

    private static boolean onPath(String program) {
        return System.getenv("PATH") != null && Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(folder -> Files.isExecutable(Path.of(folder, program)));
    }

    private static Run launch(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is missing or not executable");
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(List.of(args));
        return run(command, environment);
    }

    private static Run run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        Process process = builder.start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running: " + command);
        return new Run(process.exitValue(), out, err.join());
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
