package dev.ferrite.fams.log;

/**
 * A validated record of a log: page {@code pageIndex} had {@code length} bytes, all zero or stored
 * in the log at {@code imageOffset}.
 */
public record PageRecord(long pageIndex, int length, boolean zero, long imageOffset) {
    public long fileOffset() {
        return pageIndex * LogFormat.PAGE_SIZE;
    }
}
