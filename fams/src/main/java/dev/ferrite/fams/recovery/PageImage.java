package dev.ferrite.fams.recovery;

/** The committed contents of one page, for a read-only view that must hide an unfinished commit. */
public record PageImage(long offset, byte[] bytes) {}
