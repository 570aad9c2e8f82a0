package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that commits forever and prints {@code committed <n>} after each commit, killed
 * with SIGKILL once it has reported a number of commits: the kill tests' way to cut a process at
 * an instant no code chose.
 */
final class CommittingChild {
    private CommittingChild() {}

    /**
     * Runs {@code main}'s {@code main(String[])} on {@code file}, kills it after {@code steps}
     * reports, and returns the last number it reported before it died.
     */
    static long runAndKill(Class<?> main, Path file, int steps) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                        System.getProperty("java.class.path"), main.getName(), file.toString())
                .redirectErrorStream(true)
                .start();
        long reported = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (int seen = 0; seen < steps; seen++) {
                String line = out.readLine();
                if (line == null || !line.startsWith("committed ")) {
                    throw new AssertionError("child: " + line);
                }
                reported = Long.parseLong(line.substring("committed ".length()));
            }
            // Through the handle: Process.destroyForcibly would also close the pipe still to be read.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
            // The child went on committing until the signal: the pipe still holds what it reported meanwhile.
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("committed ")) {
                    reported = Long.parseLong(line.substring("committed ".length()));
                }
            }
        }
        return reported;
    }
}
