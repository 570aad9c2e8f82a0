package dev.ferrite.fams.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a test class's main() in a fresh JVM with this JVM's java and class path. */
final class ChildJvm {
    private ChildJvm() {}

    static Process start(Path output, List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        // Small, quick-starting children: they run seconds at most and are mostly killed.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xshare:auto");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(jvmOptions);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    /** Runs to completion and returns the exit status; fails if it takes more than a minute. */
    static int run(Path output, List<String> jvmOptions, Class<?> main, String... args)
            throws IOException, InterruptedException {
        Process p = start(output, jvmOptions, main, args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + main.getSimpleName() + " did not finish; output: " + Files.readString(output));
        }
        return p.exitValue();
    }
}
