package dev.ferrite.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's recipe for running an application that uses Ferrite: {@code Enable-Native-Access:
 * ALL-UNNAMED} in the jar's manifest, so that {@code java -jar app.jar} shows no warning.
 */
class SampleAppJarIT {
    private static final Path JAR = Path.of(System.getProperty("ferrite.build.directory", "target"), "ferrite-sample-app.jar");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path dir;

    @Test
    void javaDashJarShowsNoNativeAccessWarning() throws Exception {
        Output bank = java("-jar", JAR.toString(), "bank", "--heap", dir.resolve("bank.heap").toString(), "--transfers", "200");
        assertEquals(0, bank.exitCode(), bank.err());
        assertTrue(bank.out().contains("consistent"), bank.out());
        assertFalse(bank.err().contains("WARNING"), bank.err());
    }

    /** Without the manifest (the jar on the class path) the same run warns: the check above can fail. */
    @Test
    void theSameRunWithoutTheManifestWarns() throws Exception {
        Output bank = java("-cp", JAR.toString(), SampleApp.class.getName(),
                "bank", "--heap", dir.resolve("bank.heap").toString(), "--transfers", "200");
        assertEquals(0, bank.exitCode(), bank.err());
        assertTrue(bank.err().contains("WARNING: A restricted method"), bank.err());
        assertTrue(bank.err().contains("--enable-native-access=ALL-UNNAMED"), bank.err());
    }

    private record Output(int exitCode, String out, String err) {}

    private static Output java(String... args) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(JAR), JAR + " is missing: it is built by the package phase");
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String out = read(process.getInputStream());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running: " + command);
        return new Output(process.exitValue(), out, err.join());
    }

    private static String read(InputStream stream) {
        try {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
