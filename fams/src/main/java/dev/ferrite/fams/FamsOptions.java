package dev.ferrite.fams;

/** Options of {@code FamsFile.open}. */
public final class FamsOptions {
    private FamsOptions() {}
}
