package dev.ferrite.fams.log;

import java.security.SecureRandom;

/**
 * Ties a log to its data file: a random id chosen when the file was first opened, and the data
 * file's name. A log whose identity does not match is never applied.
 */
public record LogIdentity(long fileIdHigh, long fileIdLow, String dataFileName) {
    private static final SecureRandom RANDOM = new SecureRandom();

    public static LogIdentity random(String dataFileName) {
        return new LogIdentity(RANDOM.nextLong(), RANDOM.nextLong(), dataFileName);
    }

    public String fileIdHex() {
        return String.format("%016x%016x", fileIdHigh, fileIdLow);
    }
}
