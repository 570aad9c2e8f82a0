package dev.ferrite.fams;

/**
 * A log was written in a format this build cannot read: by a newer release, or by an old one
 * with a commit in flight that only that release can recover. The files are not damaged and were
 * not changed; the message says which release to open them with.
 */
public class FamsUnsupportedFormatException extends FamsException {
    private static final long serialVersionUID = 1L;

    public FamsUnsupportedFormatException(String message) {
        super(message);
    }
}
