package dev.ferrite.fams.log;

import dev.ferrite.fams.storage.FileId;
import java.security.SecureRandom;

/**
 * Ties a log to its data file: a random id chosen when the log was created (it seeds every
 * checksum of the log, so records of another log never validate), the data file's name, and the
 * data file's own identity ({@link FileId#UNKNOWN} in logs of format 2). A log whose identity does
 * not match is never applied.
 */
public record LogIdentity(long fileIdHigh, long fileIdLow, String dataFileName, FileId dataFile) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new identity for the data file named {@code dataFileName}, whose identity is {@code dataFile}. */
    public static LogIdentity random(String dataFileName, FileId dataFile) {
        return new LogIdentity(RANDOM.nextLong(), RANDOM.nextLong(), nameTail(dataFileName), dataFile);
    }

    /** Whether {@code other} names the same log: the same random id and data file name. */
    public boolean sameLog(LogIdentity other) {
        return fileIdHigh == other.fileIdHigh && fileIdLow == other.fileIdLow
                && dataFileName.equals(other.dataFileName);
    }

    /** This identity, recording {@code file} as its data file's. */
    public LogIdentity withDataFile(FileId file) {
        return new LogIdentity(fileIdHigh, fileIdLow, dataFileName, file);
    }

    /**
     * The part of a file name a log header records: the whole name, or for a name longer than 100
     * UTF-8 bytes its longest tail that fits (the end of a name is what tells siblings apart).
     */
    public static String nameTail(String name) {
        int start = 0;
        while (name.substring(start).getBytes(java.nio.charset.StandardCharsets.UTF_8).length > LogHeader.NAME_MAX) {
            start = name.offsetByCodePoints(start, 1);
        }
        return name.substring(start);
    }

    public String fileIdHex() {
        return String.format("%016x%016x", fileIdHigh, fileIdLow);
    }
}
