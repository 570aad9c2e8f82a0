package dev.ferrite.fams.log;

/**
 * The {@link PageCheck#fingerprint fingerprint} of the {@code length} new bytes a commit writes
 * to page {@code page}. The armed header carries these for the first logged pages so that recovery
 * can tell, even when the records are damaged, whether the commit had already begun rewriting the
 * data file.
 */
public record PageFingerprint(long page, int length, int fingerprint) {}
