package dev.ferrite.runtime.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A small file system mounted for one test, to run a heap on a disk that really fills up: a
 * {@code tmpfs} of a chosen size, or an ext4 image on a loop device. Needs root and {@code mount}
 * (and {@code mkfs.ext4} and a loop device for ext4); the test is skipped where it cannot mount.
 * {@link #fill()} takes every free block with a filler file, {@link #unfill()} gives them back.
 */
public final class SmallFileSystem implements AutoCloseable {
    private final Path directory;
    private final Path image;
    private final Path filler;

    private SmallFileSystem(Path directory, Path image) {
        this.directory = directory;
        this.image = image;
        this.filler = directory.resolve("filler");
    }

    /** Mounts a tmpfs of {@code size} (as {@code mount -o size=} takes it, e.g. "2m") on a new directory {@code directory}. */
    public static SmallFileSystem tmpfs(Path directory, String size) throws IOException {
        Files.createDirectories(directory);
        int exit = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", directory.toString());
        assumeTrue(exit == 0, "cannot mount a tmpfs on " + directory + " (needs root): exit code " + exit);
        return new SmallFileSystem(directory, null);
    }

    /**
     * Makes an ext4 file system of {@code megabytes} MiB in an image beside {@code directory}
     * (no blocks reserved for root, who runs these tests) and mounts it there through a loop device.
     */
    public static SmallFileSystem ext4(Path directory, int megabytes) throws IOException {
        Files.createDirectories(directory);
        Path image = directory.resolveSibling(directory.getFileName() + ".img");
        try (FileChannel c = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.allocate(1), ((long) megabytes << 20) - 1);
        }
        int made = run("mkfs.ext4", "-q", "-F", "-m", "0", image.toString());
        int exit = made != 0 ? made : run("mount", "-o", "loop", image.toString(), directory.toString());
        if (exit != 0) {
            Files.delete(image);
        }
        assumeTrue(exit == 0, "cannot make and loop-mount an ext4 image on " + directory
                + " (needs root, mkfs.ext4 and a loop device): exit code " + exit);
        return new SmallFileSystem(directory, image);
    }

    /** The mounted directory. */
    public Path directory() {
        return directory;
    }

    /**
     * Writes a filler file until the file system refuses another byte.
     *
     * @return the bytes it took
     */
    public long fill() throws IOException {
        long taken = 0;
        try (FileChannel c = FileChannel.open(filler, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            for (int chunk = 1 << 20; chunk >= 512; chunk /= 8) {
                ByteBuffer ones = ByteBuffer.allocate(chunk);
                while (true) {
                    try {
                        taken += c.write(ones.clear());
                    } catch (IOException full) {
                        break; // ENOSPC: go on with smaller chunks, which may still fit
                    }
                }
            }
        }
        return taken;
    }

    /** Deletes the filler file: the space it took is free again. */
    public void unfill() throws IOException {
        Files.delete(filler);
    }

    @Override
    public void close() throws IOException {
        int exit = run("umount", directory.toString());
        if (exit != 0) {
            // A file still mapped keeps the file system busy; detach it, the kernel frees it when unused.
            exit = run("umount", "-l", directory.toString());
        }
        if (image != null) {
            Files.deleteIfExists(image);
        }
        if (exit != 0) {
            throw new IOException("cannot unmount " + directory + ": exit code " + exit);
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
