package dev.ferrite.runtime;

/**
 * How {@link Heap#open(java.nio.file.Path, HeapOptions)} opens a heap. Immutable; build one
 * with {@link #builder()}.
 */
public final class HeapOptions {
    /** The default capacity of a new heap: 1 GiB. The file is sparse, so unused space costs nothing. */
    public static final long DEFAULT_CAPACITY = 1L << 30;
    /** The smallest capacity a heap can have: 64 KiB. */
    public static final long MIN_CAPACITY = 64 * 1024;

    private final long capacity;
    private final boolean readOnly;
    private final boolean checkDirtyMarks;
    private final int retainVersions;

    private HeapOptions(Builder builder) {
        this.capacity = builder.capacity;
        this.readOnly = builder.readOnly;
        this.checkDirtyMarks = builder.checkDirtyMarks;
        this.retainVersions = builder.retainVersions;
    }

    /** A builder with the defaults: 1 GiB capacity, writable, no dirty-mark checking, no retained versions. */
    public static Builder builder() {
        return new Builder();
    }

    /** The options {@link Heap#open(java.nio.file.Path)} uses. */
    public static HeapOptions defaults() {
        return builder().build();
    }

    /** The capacity of a new heap in bytes; an existing heap keeps the capacity it was created with. */
    public long capacity() {
        return capacity;
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

    /** Builds {@link HeapOptions}. */
    public static final class Builder {
        private long capacity = DEFAULT_CAPACITY;
        private boolean readOnly;
        private boolean checkDirtyMarks;
        private int retainVersions;

        private Builder() {}

        /**
         * The capacity of a new heap: the most bytes it can ever hold, metadata included. The file
         * is created sparse at this size and mapped once, so only the space in use costs disk and
         * memory. Opening an existing heap ignores it.
         *
         * @throws IllegalArgumentException if {@code bytes} is below {@link #MIN_CAPACITY} or not
         *     a multiple of 4096
         */
        public Builder capacity(long bytes) {
            if (bytes < MIN_CAPACITY || bytes % 4096 != 0) {
                throw new IllegalArgumentException(
                        "capacity " + bytes + " must be a multiple of 4096 and at least " + MIN_CAPACITY);
            }
            this.capacity = bytes;
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
         * previous commit was also marked dirty; a commit that finds an unmarked page fails. Meant
         * for tests of generated code and of code that writes the heap's memory directly.
         */
        public Builder checkDirtyMarks(boolean check) {
            this.checkDirtyMarks = check;
            return this;
        }

        /**
         * Keeps the undo logs of the last {@code count} commits, so that {@link Heap#versions()}
         * lists them and tools can roll the heap back to one of them.
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

        /** The options. */
        public HeapOptions build() {
            return new HeapOptions(this);
        }
    }
}
