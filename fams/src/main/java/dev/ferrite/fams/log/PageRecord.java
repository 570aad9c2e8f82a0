package dev.ferrite.fams.log;

/**
 * A validated record of a log: page {@code pageIndex} had {@code length} bytes, all zero or stored
 * in the log at {@code imageOffset}, and the commit gives it bytes whose {@link PageCheck} (of the
 * log's format) is {@code newCheck}.
 */
public record PageRecord(long pageIndex, int length, boolean zero, long imageOffset, long newCheck) {
    public long fileOffset() {
        return pageIndex * LogFormat.PAGE_SIZE;
    }
}
