package dev.ferrite.fams;

import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.space.DiskUsage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a FAMS file occupies: its logical size, and the disk its blocks and its logs really use
 * (a sparse file, or one with punched holes, uses less disk than its size says).
 *
 * @param size the data file's logical size in bytes
 * @param fileDisk bytes of disk the data file's blocks occupy
 * @param logDisk bytes of disk its logs occupy: the commit log, the write-ahead log and retained undo logs
 */
public record FamsDiskSpace(long size, long fileDisk, long logDisk) {

    /** The data file and its logs together. */
    public long totalDisk() {
        return fileDisk + logDisk;
    }

    /**
     * Measures the FAMS file at {@code path} and its logs; no need to open it.
     *
     * @throws FamsException if the file cannot be examined
     */
    public static FamsDiskSpace of(Path path) {
        try {
            LogFiles files = new LogFiles(DataFilePath.resolve(path));
            long size = Files.size(files.data());
            long fileDisk = DiskUsage.of(files.data());
            long logDisk = 0;
            for (Path log : logs(files)) {
                try {
                    logDisk += DiskUsage.of(log);
                } catch (NoSuchFileException e) {
                    // removed since listed: a retained undo log the writer dropped
                }
            }
            return new FamsDiskSpace(size, fileDisk, logDisk);
        } catch (IOException e) {
            throw new FamsException("cannot measure the disk space of " + path + ": " + e, e);
        }
    }

    private static List<Path> logs(LogFiles files) throws IOException {
        List<Path> logs = new ArrayList<>();
        for (Path log : List.of(files.log(), files.redoLog())) {
            if (Files.isRegularFile(log)) {
                logs.add(log);
            }
        }
        try (DirectoryStream<Path> undo = Files.newDirectoryStream(files.directory(), files.undoPrefix() + "*")) {
            for (Path log : undo) {
                if (files.undoNumber(log.getFileName().toString()).isPresent()) {
                    logs.add(log);
                }
            }
        }
        return logs;
    }
}
