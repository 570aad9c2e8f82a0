package dev.ferrite.fams.fault;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real ext4 file system whose writes can be made to fail: it lives on a loop device over a
 * sparse image in a small tmpfs. Blocks written while the tmpfs has room are backed; once
 * {@link #fill()} has filled the tmpfs, the first write-back of any other block fails (ENOSPC
 * from the loop device), exactly as a failing disk reports it: the kernel logs the error,
 * {@code fsync} returns it once, and the page cache keeps the new bytes as if written. The image
 * is made with every metadata block written up front and no journal, so the file system itself
 * stays writable. Needs root, {@code mount}, {@code losetup} and {@code mkfs.ext4}; a test that
 * cannot have them is skipped.
 */
final class FailingDisk implements AutoCloseable {
    private final Path root;
    private final Path backing;
    private final Path mount;
    private final String loop;

    private FailingDisk(Path root, Path backing, Path mount, String loop) {
        this.root = root;
        this.backing = backing;
        this.mount = mount;
        this.loop = loop;
    }

    /**
     * An ext4 file system of {@code megabytes} MiB in a tmpfs with a few MiB more room than that,
     * made with {@code mkfsOptions} added to mkfs.ext4's.
     */
    static FailingDisk create(Path dir, int megabytes, String... mkfsOptions) throws IOException {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount file systems");
        for (String tool : List.of("/usr/sbin/losetup", "/usr/sbin/mkfs.ext4", "/usr/bin/mount", "/usr/bin/umount")) {
            assumeTrue(Files.isExecutable(Path.of(tool)) || Files.isExecutable(Path.of(tool.replace("/usr", ""))),
                    "needs " + tool);
        }
        Path tmpfs = Files.createDirectories(dir.resolve("tmpfs"));
        Path mount = Files.createDirectories(dir.resolve("ext4"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=" + (megabytes + 8) + "m", "tmpfs", tmpfs.toString()) == 0,
                "cannot mount a tmpfs here");
        Path backing = tmpfs.resolve("disk.img");
        String loop = null;
        try {
            require(run("truncate", "-s", megabytes + "m", backing.toString()), "truncate");
            List<String> mkfs = new java.util.ArrayList<>(List.of("mkfs.ext4", "-q", "-F", "-O", "^has_journal", "-E",
                    "lazy_itable_init=0,lazy_journal_init=0"));
            mkfs.addAll(List.of(mkfsOptions));
            mkfs.add(backing.toString());
            require(run(mkfs.toArray(String[]::new)), "mkfs.ext4");
            loop = output("losetup", "-f", "--show", backing.toString()).strip();
            assumeTrue(loop.startsWith("/dev/loop"), "no free loop device: " + loop);
            require(run("mount", loop, mount.toString()), "mount " + loop);
            return new FailingDisk(tmpfs, backing, mount, loop);
        } catch (IOException | RuntimeException | Error e) {
            if (loop != null && loop.startsWith("/dev/loop")) {
                run("losetup", "-d", loop);
            }
            run("umount", tmpfs.toString());
            throw e;
        }
    }

    /** Where files on the failing file system go. */
    Path directory() {
        return mount;
    }

    /** Fills the tmpfs under the image: from now on, writing back a block never written before fails. */
    void fill() throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(root.resolve("filler"))) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    /** Gives the room back: write-back works again. */
    void free() throws IOException {
        Files.deleteIfExists(root.resolve("filler"));
    }

    /** Unmounts and mounts the file system again: its page cache is gone, only what the disk holds is read. */
    void remount() throws IOException {
        require(run("umount", mount.toString()), "umount");
        require(run("mount", loop, mount.toString()), "mount");
    }

    @Override
    public void close() throws IOException {
        free();
        run("umount", mount.toString());
        run("losetup", "-d", loop);
        Files.deleteIfExists(backing);
        run("umount", root.toString());
    }

    private static void require(int status, String what) {
        if (status != 0) {
            throw new IllegalStateException(what + " failed with status " + status);
        }
    }

    private static int run(String... command) throws IOException {
        return await(new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start(), command[0]);
    }

    private static int await(Process p, String what) throws IOException {
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for " + what);
        }
        return p.exitValue();
    }

    private static String output(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        await(p, command[0]);
        return out;
    }
}
