package dev.ferrite.fams;

import java.util.Arrays;

/**
 * What a {@link FamsFile} should hold, kept in two byte arrays: the bytes of the last commit and
 * the bytes the segment shows now. {@link FamsModelTest} drives both with the same operations.
 */
final class FamsModel {
    private byte[] committed;
    private byte[] working;
    private boolean written;

    FamsModel(long size) {
        committed = new byte[0];
        working = new byte[Math.toIntExact(size)];
    }

    byte[] committed() {
        return committed;
    }

    byte[] working() {
        return working;
    }

    int size() {
        return working.length;
    }

    int committedSize() {
        return committed.length;
    }

    /** Whether bytes were written since the last commit or rollback. */
    boolean written() {
        return written;
    }

    void write(int offset, byte[] bytes) {
        System.arraycopy(bytes, 0, working, offset, bytes.length);
        written = true;
    }

    void commit() {
        committed = working.clone();
        written = false;
    }

    /** The last commit again; the file keeps any growth since, as zeros. */
    void rollback() {
        working = Arrays.copyOf(committed, working.length);
        written = false;
    }

    void grow(int newSize) {
        if (newSize > working.length) {
            working = Arrays.copyOf(working, newSize);
        }
    }

    void truncate(int newSize) {
        working = Arrays.copyOf(working, newSize);
        committed = Arrays.copyOf(committed, Math.min(newSize, committed.length));
    }

    /**
     * A rollback to an earlier commit holding {@code bytes}: the file is that commit again, at
     * least {@code size} bytes long (the size it was opened with), zeros past the commit.
     */
    void restore(byte[] bytes, int size) {
        committed = bytes.clone();
        working = Arrays.copyOf(bytes, Math.max(size, bytes.length));
        written = false;
    }

    /** A reopen: uncommitted writes and growth are gone, then the open extends the file to {@code size}. */
    void reopen(int size) {
        working = Arrays.copyOf(committed, Math.max(size, committed.length));
        written = false;
    }
}
