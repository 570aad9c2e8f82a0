package dev.ferrite.fams;

/**
 * Recovery found a log or data file it cannot trust (bad checksum in a header, a log that belongs
 * to another file, a data file shorter than its last commit, a damaged log whose commit had
 * already started to rewrite the file). Nothing was changed; the message says what was found and
 * where.
 */
public class FamsCorruptException extends FamsException {
    private static final long serialVersionUID = 1L;

    public FamsCorruptException(String message) {
        super(message);
    }
}
