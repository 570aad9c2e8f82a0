package dev.ferrite.fams;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What a {@link FamsFile} should hold, kept in two byte arrays: the bytes of the last commit and
 * the bytes the segment shows now. {@link FamsModelTest} drives both with the same operations.
 * Bytes of {@link FamsFile#release}d pages that were not written since may read as zeros instead:
 * the file may punch them out at any time after the release.
 */
final class FamsModel {
    private byte[] committed;
    private byte[] working;
    private boolean written;
    /** Bytes of the working array, and of the committed one, that may read as zeros. */
    private BitSet released = new BitSet();
    private BitSet releasedCommitted = new BitSet();

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
        released.clear(offset, offset + bytes.length);
        written = true;
    }

    void commit() {
        committed = working.clone();
        releasedCommitted = (BitSet) released.clone();
        written = false;
    }

    /** The bytes of {@code from} to {@code to} may read as zeros from now until they are written. */
    void release(int from, int to) {
        released.set(from, to);
        releasedCommitted.set(from, Math.max(from, Math.min(to, committed.length)));
    }

    /** The first byte of {@code actual} that is neither the working bytes' nor a released zero; -1 if none. */
    int workingMismatch(byte[] actual) {
        return mismatch(actual, working, released);
    }

    /** Like {@link #workingMismatch}, against the first bytes of {@code actual} and the last commit. */
    int committedMismatch(byte[] actual) {
        return mismatch(actual, committed, releasedCommitted);
    }

    /** The bytes released in the last commit, for a view of it that outlives later commits. */
    BitSet releasedCommitted() {
        return (BitSet) releasedCommitted.clone();
    }

    /**
     * The first of the {@code expected.length} bytes of {@code actual} that differs from {@code
     * expected}, unless it is a zero where {@code zerosAllowed}; -1 if none.
     */
    static int mismatch(byte[] actual, byte[] expected, BitSet zerosAllowed) {
        int from = 0;
        while (true) {
            int at = Arrays.mismatch(actual, from, expected.length, expected, from, expected.length);
            if (at < 0) {
                return -1;
            }
            at += from;
            if (!zerosAllowed.get(at) || actual[at] != 0) {
                return at;
            }
            from = at + 1;
        }
    }

    /** The last commit again; the file keeps any growth since, as zeros. */
    void rollback() {
        working = Arrays.copyOf(committed, working.length);
        released = (BitSet) releasedCommitted.clone();
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
        released.clear(newSize, Integer.MAX_VALUE);
        releasedCommitted.clear(newSize, Integer.MAX_VALUE);
    }

    /**
     * A rollback to an earlier commit holding {@code bytes}: the file is that commit again, at
     * least {@code size} bytes long (the size it was opened with), zeros past the commit.
     */
    void restore(byte[] bytes, int size) {
        committed = bytes.clone();
        working = Arrays.copyOf(bytes, Math.max(size, bytes.length));
        released = new BitSet();
        releasedCommitted = new BitSet();
        written = false;
    }

    /** A reopen: uncommitted writes and growth are gone, then the open extends the file to {@code size}. */
    void reopen(int size) {
        working = Arrays.copyOf(committed, Math.max(size, committed.length));
        released = (BitSet) releasedCommitted.clone();
        written = false;
    }
}
