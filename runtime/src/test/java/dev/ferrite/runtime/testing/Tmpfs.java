package dev.ferrite.runtime.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small tmpfs mounted for one test, to run a heap on a file system that really fills up. Needs
 * root and {@code mount}; the test is skipped where it cannot mount.
 */
public final class Tmpfs implements AutoCloseable {
    private final Path directory;

    private Tmpfs(Path directory) {
        this.directory = directory;
    }

    /** Mounts a tmpfs of {@code size} (as {@code mount -o size=} takes it, e.g. "2m") on a new directory {@code directory}. */
    public static Tmpfs mount(Path directory, String size) throws IOException {
        Files.createDirectories(directory);
        int exit = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", directory.toString());
        assumeTrue(exit == 0, "cannot mount a tmpfs on " + directory + " (needs root): exit code " + exit);
        return new Tmpfs(directory);
    }

    /** The mounted directory. */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        int exit = run("umount", directory.toString());
        if (exit != 0) {
            // A file still mapped keeps the file system busy; detach it, the kernel frees it when unused.
            exit = run("umount", "-l", directory.toString());
        }
        if (exit != 0) {
            throw new IOException("cannot unmount the tmpfs on " + directory + ": exit code " + exit);
        }
    }

    private static int run(String... command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return -1; // no such command
        }
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
