package dev.ferrite.fams;

import dev.ferrite.fams.storage.FileChannelStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Finds the file a FAMS path names. The log and the lock belong to the file, not to one of its
 * names, so a path through a symbolic link is resolved to the real file, beside which the log
 * lives; a file with several hard links is refused, because its log could be found by one name
 * and missed by another. Only regular files are opened: a FIFO would block the open forever, and
 * a directory or device is not a FAMS file. A missing file is created at the real path of its
 * directory, never through a dangling symbolic link.
 */
final class DataFilePath {
    private DataFilePath() {}

    /** The real path of the data file {@code path} names, checked; for a missing file, where to create it. */
    static Path resolve(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        if (Files.isSymbolicLink(absolute) && !Files.exists(absolute)) {
            throw new FamsException(path + " is a symbolic link to " + Files.readSymbolicLink(absolute)
                    + ", which does not exist; FAMS does not create files through links: create the file, or open"
                    + " its real path");
        }
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            Path directory = absolute.getParent();
            if (directory == null || !Files.isDirectory(directory)) {
                throw new NoSuchFileException(path.toString(), null, "its directory does not exist");
            }
            return directory.toRealPath().resolve(absolute.getFileName());
        }
        Path real = absolute.toRealPath();
        FileChannelStorage.requireRegularFile(real);
        requireOneName(real, path);
        return real;
    }

    private static void requireOneName(Path real, Path named) throws IOException {
        Object links;
        try {
            links = Files.getAttribute(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return; // no link counts here
        }
        if (links instanceof Integer n && n > 1) {
            throw new FamsException(named + " has " + n + " hard links; FAMS finds a file's log by the file's name,"
                    + " so a file with several names could be recovered through one and corrupted through another."
                    + " Remove the other links (find them with: find / -samefile " + real + "), or copy the file");
        }
    }
}
