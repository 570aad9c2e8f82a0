package dev.ferrite.cli;

import dev.ferrite.runtime.FerriteException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The copy of a heap that {@code ferrite migrate} keeps beside it before it writes anything, so
 * that a migration that dropped or changed more than the user meant can be undone, however many
 * commits the application makes afterwards. Retained commits would not do: an application's
 * ordinary open prunes them.
 *
 * <p>The copy is the heap file alone: the heap's file holds exactly its last commit while the
 * migrating process holds it open for writing. Moved into the heap's place ({@code mv}), it is a new
 * file to the heap's logs, which belong to the migrated file; they go with it ({@link
 * #restoreCommand}). Left in place, a log that holds commits of the migrated file not yet in it (its
 * writer stopped dead after the migration) would make the next open refuse the copy.
 */
final class MigrationBackup {
    /** What comes after the heap's file name; a timestamp follows. */
    static final String SUFFIX = ".before-migration-";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int CHUNK = 1 << 20;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:@%+=,-]+");

    private MigrationBackup() {}

    /**
     * Copies the heap file at {@code heap}, which the caller holds open for writing with nothing
     * uncommitted, to a new file beside it; the copy is complete and durable, or absent.
     *
     * @return the copy
     * @throws FerriteException if it cannot be written (a full disk, no permission)
     */
    static Path save(Path heap) {
        Path backup = freeName(realFile(heap));
        Path partial = backup.resolveSibling(backup.getFileName() + ".partial");
        try {
            copySparse(heap, partial);
            Files.move(partial, backup, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(backup.toAbsolutePath().getParent());
            return backup;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // The failure to report is the first one; a leftover partial copy is named as such.
            }
            throw new FerriteException("could not keep a copy of the heap in " + backup + ": " + e, e);
        }
    }

    /** Deletes the copy of a migration that did not happen: the heap is as the copy is. */
    static void discard(Path backup) {
        if (backup != null) {
            try {
                Files.deleteIfExists(backup);
            } catch (IOException e) {
                // A copy left behind is a copy of the unchanged heap: harmless, and named in its file name.
            }
        }
    }

    /** What to tell the user after the migration: where the copy is, how to go back, how to let it go. */
    static String howToRestore(Path backup, Path heap) {
        return "the heap as it was before the migration is kept in " + backup + System.lineSeparator()
                + "  to undo the migration (no process may have the heap open): " + restoreCommand(backup, heap)
                + System.lineSeparator()
                + "  to keep the migration, delete the copy: rm " + quote(backup);
    }

    /**
     * The shell command that puts {@code backup} in the place of {@code heap} and removes the logs
     * of the file it replaces ({@code <heap>.fams-*}): none of them is the copy's, and one with
     * commits in it would keep the copy from opening. The move comes first, so that the migrated
     * heap keeps its logs until it is gone.
     */
    static String restoreCommand(Path backup, Path heap) {
        String file = quote(realFile(heap));
        return "mv " + quote(backup) + " " + file + " && rm -f " + file + ".fams-*";
    }

    /** The copies kept beside {@code heap} by earlier migrations, oldest first. */
    static List<Path> existing(Path heap) {
        Path file = realFile(heap);
        Path directory = file.toAbsolutePath().getParent();
        String prefix = file.getFileName() + SUFFIX;
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(copy -> copy.getFileName().toString().startsWith(prefix))
                    .filter(copy -> !copy.getFileName().toString().endsWith(".partial"))
                    .sorted()
                    .map(copy -> file.resolveSibling(copy.getFileName()))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The heap file itself, where {@code heap} is a symbolic link to it: its log lives beside the
     * real file, so the copy must go back there, not over the link.
     */
    private static Path realFile(Path heap) {
        try {
            Path real = heap.toRealPath();
            return real.equals(heap.toAbsolutePath()) ? heap : real;
        } catch (IOException e) {
            return heap;
        }
    }

    private static Path freeName(Path heap) {
        String base = heap.getFileName() + SUFFIX + STAMP.format(Instant.now());
        Path candidate = heap.resolveSibling(base);
        for (int n = 2; Files.exists(candidate); n++) {
            candidate = heap.resolveSibling(base + "-" + n);
        }
        return candidate;
    }

    /**
     * Copies {@code from} to {@code to} and syncs it, leaving holes where {@code from} reads as
     * zeros: a heap file is as long as its capacity and mostly unused, and a dense copy of it
     * could fill a disk that holds the heap comfortably.
     */
    private static void copySparse(Path from, Path to) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        ByteBuffer zeros = ByteBuffer.allocateDirect(CHUNK);
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            long size = in.size();
            for (long position = 0; position < size; position += CHUNK) {
                chunk.clear();
                int read;
                do {
                    read = in.read(chunk, position + chunk.position());
                } while (read >= 0 && chunk.hasRemaining());
                chunk.flip();
                zeros.clear().limit(chunk.limit());
                if (!chunk.equals(zeros)) {
                    while (chunk.hasRemaining()) {
                        out.write(chunk, position + chunk.position());
                    }
                }
            }
            if (out.size() < size) {
                // The length, with a hole up to it: writing the last byte would allocate a block.
                try (RandomAccessFile file = new RandomAccessFile(to.toFile(), "rw")) {
                    file.setLength(size);
                }
            }
            out.force(true);
        }
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** {@code path} as a POSIX shell word. */
    static String quote(Path path) {
        String text = path.toString();
        return PLAIN.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
