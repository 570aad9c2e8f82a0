package dev.ferrite.runtime;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.Durability;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link Heap#open(java.nio.file.Path, HeapOptions)} opens a heap. Immutable; build one
 * with {@link #builder()}.
 *
 * <pre>{@code
 * HeapOptions o = HeapOptions.builder()
 *         .checkpointThreshold(16 << 20)                 // write-ahead log and held pages: 16 MiB
 *         .asyncSyncDelay(Duration.ofMillis(5))          // Durability.ASYNC commits: durable within 5 ms
 *         .build();
 * }</pre>
 *
 * <h2>Commit modes</h2>
 * A writable open uses {@link CommitMode#REDO} (write-ahead) unless {@link
 * Builder#retainVersions} asks for earlier versions, which only {@link CommitMode#UNDO} keeps; a
 * heap last written in the other mode is switched on open, whole or not at all (a heap written by
 * the first release, which had only the undo mode, becomes a write-ahead heap on its first
 * writable open). Read-only opens follow the mode the file has.
 * <ul>
 *   <li><b>{@code REDO}</b>: a commit appends the bytes that changed (in 64-byte lines) to the log
 *       {@code F.fams-redo} and syncs it once ({@code fdatasync}); the heap file itself is written
 *       only by checkpoints. Offers {@link Durability#ASYNC}. {@link Heap#versions()} is the last
 *       commit only.</li>
 *   <li><b>{@code UNDO}</b>: a commit logs the old images of the changed pages in {@code
 *       F.fams-log}, syncs that, writes the pages into the heap file and syncs it: two syncs, and
 *       the heap file always holds the last commit. Keeps earlier versions with {@link
 *       Builder#retainVersions}; every commit is synchronous.</li>
 * </ul>
 */
public final class HeapOptions {
    /** The default checkpoint threshold: 64 MiB. */
    public static final long DEFAULT_CHECKPOINT_THRESHOLD = 64L << 20;
    /** The default bound on the delay of {@link Durability#ASYNC} commits: 10 ms. */
    public static final Duration DEFAULT_ASYNC_SYNC_DELAY = Duration.ofMillis(10);

    /**
     * The capacity of a heap without a bound ({@link Long#MAX_VALUE}): it grows as far as its
     * file system allows, and as the address space a process reserves for it ({@value
     * #DEFAULT_RESERVATION} bytes, or the file's size if larger).
     */
    public static final long UNBOUNDED = Long.MAX_VALUE;
    /** The address space reserved for a heap without a bound: 2 TiB, at no cost until used. */
    public static final long DEFAULT_RESERVATION = 2L << 40;
    /** The size a new heap starts at, or its capacity if that is smaller: 1 MiB. */
    public static final long INITIAL_SIZE = 1L << 20;
    /** The smallest capacity a heap can have: 64 KiB. */
    public static final long MIN_CAPACITY = 64 * 1024;

    private final long capacity;
    private final boolean capacityGiven;
    private final boolean readOnly;
    private final boolean checkDirtyMarks;
    private final int retainVersions;
    private final CommitMode commitMode;
    private final long checkpointThreshold;
    private final Duration asyncSyncDelay;

    private HeapOptions(Builder builder) {
        if (builder.commitMode == CommitMode.REDO && builder.retainVersions > 0) {
            throw new IllegalArgumentException("retainVersions(" + builder.retainVersions + ") needs"
                    + " CommitMode.UNDO: the write-ahead mode keeps no earlier versions; leave commitMode unset or"
                    + " set it to UNDO");
        }
        this.capacity = builder.capacity;
        this.capacityGiven = builder.capacityGiven;
        this.readOnly = builder.readOnly;
        this.checkDirtyMarks = builder.checkDirtyMarks;
        this.retainVersions = builder.retainVersions;
        this.commitMode = builder.commitMode != null ? builder.commitMode
                : builder.retainVersions > 0 ? CommitMode.UNDO : CommitMode.REDO;
        this.checkpointThreshold = builder.checkpointThreshold;
        this.asyncSyncDelay = builder.asyncSyncDelay;
    }

    /**
     * A builder with the defaults: no capacity bound, writable, no dirty-mark checking, no retained
     * versions, {@link CommitMode#REDO}, a 64 MiB checkpoint threshold, a 10 ms bound on
     * asynchronous commits.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** The options {@link Heap#open(java.nio.file.Path)} uses. */
    public static HeapOptions defaults() {
        return builder().build();
    }

    /**
     * The most bytes the heap may grow to, metadata included, or {@link #UNBOUNDED} when the
     * builder was given none.
     */
    public long capacity() {
        return capacity;
    }

    /** Whether the builder was given a capacity, which an open then makes the heap's bound. */
    boolean capacityGiven() {
        return capacityGiven;
    }

    /** Whether the heap is opened for reading only. */
    public boolean readOnly() {
        return readOnly;
    }

    /** Whether every commit verifies that no written page went unmarked (slow; for tests). */
    public boolean checkDirtyMarks() {
        return checkDirtyMarks;
    }

    /** How many earlier commits the heap keeps so that it can be rolled back to them. */
    public int retainVersions() {
        return retainVersions;
    }

    /**
     * The commit mode of a writable open: the one set, else {@link CommitMode#UNDO} if versions
     * are retained and {@link CommitMode#REDO} otherwise. Read-only opens follow the file's.
     */
    public CommitMode commitMode() {
        return commitMode;
    }

    /** {@link CommitMode#REDO}: the bytes of log, or of held pages, after which a commit checkpoints. */
    public long checkpointThreshold() {
        return checkpointThreshold;
    }

    /** {@link CommitMode#REDO}: the longest a {@link Durability#ASYNC} commit waits to be synced. */
    public Duration asyncSyncDelay() {
        return asyncSyncDelay;
    }

    /** Builds {@link HeapOptions}. */
    public static final class Builder {
        private long capacity = UNBOUNDED;
        private boolean capacityGiven;
        private boolean readOnly;
        private boolean checkDirtyMarks;
        private int retainVersions;
        private CommitMode commitMode;
        private long checkpointThreshold = DEFAULT_CHECKPOINT_THRESHOLD;
        private Duration asyncSyncDelay = DEFAULT_ASYNC_SYNC_DELAY;

        private Builder() {}

        /**
         * An upper bound on the heap's size, metadata included; without one a heap grows as its
         * records need, up to what the file system holds. A new heap starts small ({@link
         * #INITIAL_SIZE}) and grows in place, in steps that double it, never past the bound; its
         * records never move. Opening an existing heap with a capacity makes it the heap's bound,
         * durably (one commit at open): larger to let it grow further, smaller to stop it growing
         * (never below its size). A heap of the previous release had a fixed capacity, which is
         * its bound until it is opened with a larger one. The address space reserved for the heap's
         * mapping is the bound, or {@link #DEFAULT_RESERVATION} without one; it costs no memory.
         *
         * {@link #UNBOUNDED} lifts a heap's bound.
         *
         * @throws IllegalArgumentException if {@code bytes} is below {@link #MIN_CAPACITY} or not
         *     a multiple of 4096 (and not {@link #UNBOUNDED})
         */
        public Builder capacity(long bytes) {
            if (bytes != UNBOUNDED && (bytes < MIN_CAPACITY || bytes % 4096 != 0)) {
                throw new IllegalArgumentException(
                        "capacity " + bytes + " must be a multiple of 4096 and at least " + MIN_CAPACITY);
            }
            this.capacity = bytes;
            this.capacityGiven = true;
            return this;
        }

        /**
         * Opens the heap for reading only: no lock is taken against other readers, a writer in
         * another process is allowed, and every call that would write fails.
         */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * Makes every commit check, with the kernel's page map, that each page written since the
         * previous commit was also marked dirty, and in the write-ahead mode that every changed
         * 64-byte line of a marked page was covered by a mark (such a commit compares only the
         * marked lines); a commit that finds an unmarked write fails. Meant for tests of generated
         * code and of code that writes the heap's memory directly.
         */
        public Builder checkDirtyMarks(boolean check) {
            this.checkDirtyMarks = check;
            return this;
        }

        /**
         * Keeps the undo logs of the last {@code count} commits, so that {@link Heap#versions()}
         * lists them and {@link Heap#rollbackTo} (or {@code ferrite rollback}) can return to one of
         * them. Retaining versions needs {@link CommitMode#UNDO}, which it selects unless
         * {@link #commitMode} says otherwise: every commit then costs two syncs and is synchronous.
         *
         * @throws IllegalArgumentException if {@code count} is negative or above 1,000,000
         */
        public Builder retainVersions(int count) {
            if (count < 0 || count > 1_000_000) {
                throw new IllegalArgumentException("retainVersions must be in [0, 1000000]: " + count);
            }
            this.retainVersions = count;
            return this;
        }

        /**
         * The commit protocol of a writable open; unset, it is {@link CommitMode#UNDO} when
         * {@link #retainVersions} is above 0 and {@link CommitMode#REDO} otherwise. A heap last
         * written in the other mode is switched when it is opened: from undo to write-ahead after
         * recovering its last commit; from write-ahead to undo after replaying the log into the
         * heap file (a checkpoint). A crash during a switch leaves the heap at its last commit, and
         * the next writable open finishes or repeats the switch.
         */
        public Builder commitMode(CommitMode mode) {
            this.commitMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * {@link CommitMode#REDO}: a commit is followed by a checkpoint once the log's frames since
         * the last checkpoint, or the pages committed since then, pass {@code bytes}; 64 MiB by
         * default. A checkpoint writes the changed lines of those pages into the heap file, syncs
         * it and restarts the log; it also runs at {@link Heap#checkpoint()} and {@link
         * Heap#close()}.
         *
         * <p>Memory: until the next checkpoint, each page committed since the last one is held
         * twice, as a private copy in the heap's mapping and as a 4 KiB committed image on the Java
         * heap (the base of the next commit's comparison, and what {@link Heap#rollback()} returns
         * to). Both are bounded by the threshold plus the pages of one commit: at most about
         * {@code bytes} of Java heap and as much again of process memory outside it. The log
         * file grows to about {@code bytes} too. A lower threshold bounds memory, log and the time
         * of recovery after a crash more tightly, at the cost of more frequent checkpoints.
         *
         * @throws IllegalArgumentException if {@code bytes} is below 4096
         */
        public Builder checkpointThreshold(long bytes) {
            if (bytes < 4096) {
                throw new IllegalArgumentException("checkpointThreshold must be at least 4096 bytes: " + bytes);
            }
            this.checkpointThreshold = bytes;
            return this;
        }

        /**
         * {@link CommitMode#REDO}: the bound on how long a {@link Durability#ASYNC} commit may stay
         * not durable after {@code commit} returns; 10 ms by default. A background thread syncs the
         * log at most this long after the first unsynced commit; {@link Heap#sync()}, a {@link
         * Durability#SYNC} commit, a checkpoint and {@link Heap#close()} sync it at once. A crash
         * (process or power) loses at most the asynchronous commits of that window, each whole, in
         * order from the last: never a part of a commit, never one older than a durable commit.
         *
         * @throws IllegalArgumentException if {@code delay} is negative
         */
        public Builder asyncSyncDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("asyncSyncDelay must not be negative: " + delay);
            }
            this.asyncSyncDelay = delay;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException if {@link #commitMode} is {@link CommitMode#REDO} and
         *     versions are retained
         */
        public HeapOptions build() {
            return new HeapOptions(this);
        }
    }
}
