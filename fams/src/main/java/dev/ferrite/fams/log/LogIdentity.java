package dev.ferrite.fams.log;

import java.security.SecureRandom;

/**
 * Ties a log to its data file: a random id chosen when the file was first opened, and the data
 * file's name. A log whose identity does not match is never applied.
 */
public record LogIdentity(long fileIdHigh, long fileIdLow, String dataFileName) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new identity for the data file named {@code dataFileName}. */
    public static LogIdentity random(String dataFileName) {
        return new LogIdentity(RANDOM.nextLong(), RANDOM.nextLong(), nameTail(dataFileName));
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
