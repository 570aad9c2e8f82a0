package dev.ferrite.fams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FamsFile} against {@link FamsModel}, a byte array of the last commit and one of the
 * segment: seeded random writes (odd offsets, across 64-byte lines and pages, bytes another page
 * holds at the same place, bytes the place already holds, shifts within a page), commits, rollbacks,
 * growth to sizes that are no whole number of pages, truncation, checkpoints and reopens (some in
 * the other commit mode). After every step the segment must show the model's bytes; after a
 * close, checkpoint or undo commit the data file must hold the last commit. A second set of runs
 * writes without marks ({@link DirtyTracking#PAGEMAP}) or with some ({@link DirtyTracking#COMBINED}),
 * opens the file read-only beside the writer (which must show the last commit as of its open, and in
 * the write-ahead mode keep showing it across later commits and the writer's close), and in the undo
 * mode retains versions and rolls back to them, or else releases pages. Every failure names the seed and the steps before it.
 */
class FamsModelTest {
    private static final int PAGE = 4096;
    private static final int RESERVE = 24 * PAGE;
    private static final int STEPS = 800;
    private static final long[] SEEDS = {1, 2, 3, 4};
    private static final long[] READER_SEEDS = {11, 12};

    @TempDir
    Path dir;

    static Stream<Arguments> runs() {
        Stream.Builder<Arguments> runs = Stream.builder();
        for (CommitMode mode : CommitMode.values()) {
            for (DirtyTracking tracking : new DirtyTracking[] {DirtyTracking.EXPLICIT, DirtyTracking.CHECKED}) {
                for (long seed : SEEDS) {
                    runs.add(Arguments.of(mode, tracking, seed));
                }
            }
        }
        return runs.build();
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("runs")
    void theFileFollowsTheModel(CommitMode mode, DirtyTracking tracking, long seed) throws IOException {
        new Run(dir.resolve("model.dat"), mode, tracking, seed).steps(STEPS);
    }

    /**
     * Both commit modes with each dirty tracking, read-only opens beside the writer, and in the undo
     * mode retained versions in one of the two seeds.
     */
    static Stream<Arguments> readerRuns() {
        Stream.Builder<Arguments> runs = Stream.builder();
        for (CommitMode mode : CommitMode.values()) {
            for (DirtyTracking tracking : new DirtyTracking[] {DirtyTracking.PAGEMAP, DirtyTracking.COMBINED,
                    DirtyTracking.EXPLICIT}) {
                for (long seed : READER_SEEDS) {
                    int retain = mode == CommitMode.UNDO && seed % 2 == 1 ? 1 + (int) (seed + tracking.ordinal()) % 4 : 0;
                    runs.add(Arguments.of(mode, tracking, seed, retain));
                }
            }
        }
        return runs.build();
    }

    @ParameterizedTest(name = "{0} {1} seed {2} retaining {3}, with readers")
    @MethodSource("readerRuns")
    void theFileAndItsReadersFollowTheModel(CommitMode mode, DirtyTracking tracking, long seed, int retain)
            throws IOException {
        if (tracking != DirtyTracking.EXPLICIT) {
            try (FamsFile probe = FamsFile.open(dir.resolve("probe.dat"),
                    FamsOptions.builder().size(PAGE).dirtyTracking(tracking).build())) {
                assumeTrue(probe.dirtyTracking() == tracking, () -> tracking + " degrades to " + probe.dirtyTracking());
            } catch (FamsException e) {
                assumeTrue(false, e::getMessage);
            }
        }
        new Run(dir.resolve("model.dat"), mode, tracking, seed, retain, true).steps(STEPS);
    }

    /** One seeded sequence of steps on one file. */
    private static final class Run {
        private final Path path;
        private final CommitMode firstMode;
        private CommitMode mode;
        private final DirtyTracking tracking;
        private final long seed;
        private final Random random;
        private final long threshold;
        /** Earlier commits kept for {@link FamsFile#rollbackTo} (undo mode), 0 for none. */
        private final int retain;
        /** Whether read-only opens come and go beside the writer. */
        private final boolean readers;
        /** The committed bytes of each commit {@link FamsFile#versions()} should list. */
        private final TreeMap<Long, byte[]> versions = new TreeMap<>();
        private FamsFile reader;
        /** What {@link #reader} shows: the last commit as of its open. */
        private byte[] readerView;
        /** The bytes of {@link #readerView} that were released, and may read as zeros. */
        private BitSet readerReleased;
        /** The size the writer was opened with: a rollback to an earlier commit keeps the file that long. */
        private int openedSize;
        private final Deque<String> history = new ArrayDeque<>();
        private FamsModel model;
        private FamsFile file;
        private long commits;
        private int step;

        Run(Path path, CommitMode mode, DirtyTracking tracking, long seed) {
            this(path, mode, tracking, seed, 0, false);
        }

        Run(Path path, CommitMode mode, DirtyTracking tracking, long seed, int retain, boolean readers) {
            this.path = path;
            this.retain = retain;
            this.readers = readers;
            this.firstMode = mode;
            this.mode = mode;
            this.tracking = tracking;
            this.seed = seed;
            this.random = new Random(seed * 31 + mode.ordinal() * 7 + tracking.ordinal());
            // Some runs checkpoint after every few commits on their own, others only when asked.
            this.threshold = random.nextBoolean() ? 3 * PAGE : 64L << 20;
        }

        void steps(int count) throws IOException {
            int size = oddSize(PAGE, 6 * PAGE);
            record("open " + mode + " " + tracking + " size " + size + " threshold " + threshold);
            model = new FamsModel(size);
            versions.put(0L, model.committed());
            file = FamsFile.open(path, options(size));
            openedSize = size;
            try {
                assertEquals(tracking, file.dirtyTracking(), () -> failure("the tracking in effect"));
                check("open");
                for (step = 0; step < count; step++) {
                    if ((readers || retain > 0) && random.nextInt(100) < 8) {
                        if (readers && (retain == 0 || random.nextBoolean())) {
                            if (reader == null) {
                                openReader();
                            } else {
                                closeReader("a step");
                            }
                        } else {
                            rollbackTo();
                        }
                        continue;
                    }
                    int op = random.nextInt(100);
                    if (op < 55) {
                        write();
                    } else if (op < 70) {
                        commit();
                    } else if (op < 77) {
                        rollback();
                    } else if (op < 80) {
                        grow();
                    } else if (op < 84) {
                        append();
                    } else if (op < 88) {
                        truncate();
                    } else if (op < 94) {
                        checkpoint();
                    } else {
                        reopen();
                    }
                }
                commit();
                reopen();
            } catch (RuntimeException e) {
                throw new AssertionError(failure("unexpected " + e), e);
            } finally {
                if (reader != null) {
                    reader.close();
                }
                file.close();
            }
        }

        private FamsOptions options(long size) {
            return FamsOptions.builder().size(size).reserve(RESERVE).commitMode(mode).dirtyTracking(tracking)
                    .checkpointThreshold(threshold).retainVersions(retain).build();
        }

        /** Mostly a size that is no whole number of pages, sometimes one that is. */
        private int oddSize(int min, int max) {
            int size = min + random.nextInt(max - min + 1);
            return random.nextInt(5) == 0 ? Math.max(PAGE, size / PAGE * PAGE) : size;
        }

        private void write() {
            int size = model.size();
            if (size == 0) {
                return;
            }
            int kind = random.nextInt(8);
            int offset;
            int length;
            byte[] bytes;
            switch (kind) {
                case 0, 1 -> { // random bytes, often across a line or page boundary
                    offset = nearBoundary(size);
                    length = length(size - offset);
                    bytes = new byte[length];
                    random.nextBytes(bytes);
                }
                case 2, 3 -> { // what another page holds at the same place, now or at the last commit
                    // Most often into the bytes grown past the last commit, with those of the page
                    // before, as that commit logged it: a held image that kept them would hide the write.
                    boolean tail = kind == 3 && size > model.committedSize();
                    offset = tail ? model.committedSize() + random.nextInt(size - model.committedSize())
                            : nearBoundary(size);
                    length = length(Math.min(size - offset, PAGE - offset % PAGE));
                    int otherPage = tail && offset >= PAGE && random.nextInt(3) > 0 ? offset / PAGE - 1
                            : random.nextInt((size + PAGE - 1) / PAGE);
                    int from = otherPage * PAGE + offset % PAGE;
                    byte[] source = tail || random.nextBoolean() ? model.committed() : model.working();
                    bytes = new byte[length];
                    if (from < source.length) {
                        System.arraycopy(source, from, bytes, 0, Math.min(length, source.length - from));
                    }
                }
                case 4 -> { // the bytes it holds already
                    offset = nearBoundary(size);
                    length = length(size - offset);
                    bytes = Arrays.copyOfRange(model.working(), offset, offset + length);
                }
                case 5 -> { // zeros
                    offset = nearBoundary(size);
                    length = length(size - offset);
                    bytes = new byte[length];
                }
                default -> { // a shift within a page, as an insertion into or a removal from a sorted node
                    int page = random.nextInt((size + PAGE - 1) / PAGE) * PAGE;
                    int end = Math.min(page + PAGE, size);
                    int by = (1 + random.nextInt(24)) * (random.nextBoolean() ? 1 : -1);
                    int from = page + random.nextInt(end - page);
                    int max = Math.min(end - from, end - (from + by));
                    if (from + by < page || max <= 0) {
                        return;
                    }
                    length = 1 + random.nextInt(Math.min(max, 1500));
                    offset = from + by;
                    bytes = Arrays.copyOfRange(model.working(), from, from + length);
                }
            }
            if (length == 0) {
                return;
            }
            boolean mark = marks();
            record("write " + length + " bytes at " + offset + " (kind " + kind + ")" + (mark ? "" : ", unmarked"));
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, file.segment(), offset, length);
            model.write(offset, bytes);
            // The marks cover exactly the bytes written, in one or two ranges, sometimes a little more.
            if (!mark) {
                check("write");
                return;
            }
            if (length > 1 && random.nextInt(4) == 0) {
                int split = 1 + random.nextInt(length - 1);
                file.markDirty(offset + split, length - split);
                file.markDirty(offset, split);
            } else if (random.nextInt(6) == 0) {
                int before = Math.min(offset, random.nextInt(80));
                int after = Math.min(size - offset - length, random.nextInt(80));
                file.markDirty(offset - before, before + length + after);
            } else {
                file.markDirty(offset, length);
            }
            check("write");
        }

        /** Whether to mark a write: always with marks alone, never with the pagemap alone, half the time with both. */
        private boolean marks() {
            return switch (tracking) {
                case PAGEMAP -> false;
                case COMBINED -> random.nextBoolean();
                default -> true;
            };
        }

        /** An offset at, or a few bytes before or after, a 64-byte line or page boundary, near the end, or anywhere. */
        private int nearBoundary(int size) {
            int offset = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(size);
                case 1 -> random.nextInt(size / 64 + 1) * 64 + random.nextInt(9) - 4;
                case 2 -> random.nextInt(size / PAGE + 1) * PAGE + random.nextInt(17) - 8;
                default -> size - 1 - random.nextInt(PAGE + 200);
            };
            return Math.clamp(offset, 0, size - 1);
        }

        private int length(int max) {
            int length = switch (random.nextInt(4)) {
                case 0 -> 1 + random.nextInt(8);
                case 1 -> 1 + random.nextInt(130);
                case 2 -> 1 + random.nextInt(600);
                default -> 1 + random.nextInt(2 * PAGE + 200);
            };
            return Math.min(length, max);
        }

        private void commit() throws IOException {
            Durability durability = random.nextBoolean() ? Durability.SYNC : Durability.ASYNC;
            // An undo commit changes the data file under a reader, and a write-ahead one may come to
            // wait for it to checkpoint: a reader stays open across commits only where neither happens.
            if (reader != null && (mode == CommitMode.UNDO || threshold < 64L << 20)) {
                closeReader("commit");
            }
            record("commit " + durability);
            long n = file.commit(durability);
            commits++;
            model.commit();
            assertEquals(commits, n, () -> failure("the commit's number"));
            check("commit");
            if (mode == CommitMode.UNDO) {
                checkDataFile("undo commit");
            }
            if (retain > 0) {
                versions.put(n, model.committed());
                versions.headMap(n - retain).clear();
            }
            if (readers && reader != null) {
                checkReader("commit");
            } else if (readers && random.nextInt(4) == 0) {
                openReader();
            }
            maybeRelease();
        }

        /**
         * Runs with readers and without retained versions release pages right after some commits
         * and rollbacks, as the contract asks: their bytes may read as zeros until written again.
         */
        private void maybeRelease() {
            if (!readers || retain > 0 || model.size() == 0 || random.nextInt(3) > 0) {
                return;
            }
            int size = model.size();
            int offset = random.nextInt(size);
            int length = 1 + random.nextInt(Math.min(size - offset, 3 * PAGE));
            record("release " + length + " bytes at " + offset);
            file.release(offset, length);
            // Only whole pages are released.
            int from = (offset + PAGE - 1) / PAGE * PAGE;
            int to = (offset + length) / PAGE * PAGE;
            if (from < to) {
                model.release(from, to);
                if (reader != null) {
                    readerReleased.set(from, Math.max(from, Math.min(to, readerView.length)));
                }
            }
            check("release");
        }

        /** A read-only open beside the writer: it must show the last commit. */
        private void openReader() {
            if (model.committedSize() == 0) {
                return;
            }
            record("open read-only");
            reader = FamsFile.open(path, FamsOptions.builder().readOnly(true).build());
            readerView = model.committed().clone();
            readerReleased = model.releasedCommitted();
            assertTrue(reader.readOnly(), () -> failure("a read-only open's readOnly()"));
            assertEquals(commits, reader.commitNumber(), () -> failure("a read-only open's commit number"));
            checkReader("read-only open");
        }

        private void closeReader(String before) {
            checkReader("before " + before);
            record("close read-only");
            reader.close();
            reader = null;
        }

        /** The reader's segment against the commit it opened at. */
        private void checkReader(String when) {
            assertEquals(readerView.length, reader.size(), () -> failure("the read-only open's size, " + when));
            byte[] actual = reader.segment().asSlice(0, readerView.length).toArray(ValueLayout.JAVA_BYTE);
            int at = FamsModel.mismatch(actual, readerView, readerReleased);
            if (at >= 0) {
                fail(failure("at " + when + ": the read-only open differs from its commit first at byte " + at + " (page "
                        + at / PAGE + ", byte " + at % PAGE + "): " + actual[at] + " instead of " + readerView[at]));
            }
        }

        /** Back to a retained commit: the segment and the data file show its bytes, as long as at open. */
        private void rollbackTo() throws IOException {
            List<Long> retained = file.versions();
            assertEquals(List.copyOf(versions.keySet()), retained, () -> failure("the retained versions"));
            long target = retained.get(random.nextInt(retained.size()));
            if (reader != null) {
                closeReader("rollbackTo");
            }
            record("rollbackTo " + target + " of " + retained);
            file.rollbackTo(target);
            model.restore(versions.get(target), openedSize);
            versions.tailMap(target, false).clear();
            commits = target;
            assertEquals(commits, file.commitNumber(), () -> failure("the commit number after rollbackTo"));
            check("rollbackTo");
            checkDataFile("rollbackTo");
        }

        private void rollback() {
            record("rollback");
            file.rollback();
            model.rollback();
            check("rollback");
            maybeRelease();
        }

        private void grow() {
            int newSize = Math.min(RESERVE, model.size() + 1 + random.nextInt(2 * PAGE));
            if (random.nextInt(4) == 0) {
                newSize = (newSize + PAGE - 1) / PAGE * PAGE;
            }
            record("grow to " + newSize);
            file.grow(newSize);
            model.grow(newSize);
            check("grow");
        }

        /**
         * Grows the file a little and writes the new bytes, mostly with those that the page before
         * (or another) holds at the same places, like a record much like the one before it.
         */
        private void append() {
            int oldSize = model.size();
            int newSize = Math.min(RESERVE, oldSize + 1 + random.nextInt(PAGE / 2));
            if (newSize == oldSize) {
                return;
            }
            record("append: grow to " + newSize);
            file.grow(newSize);
            model.grow(newSize);
            byte[] bytes = new byte[newSize - oldSize];
            if (random.nextInt(4) == 0) {
                random.nextBytes(bytes);
            } else {
                byte[] source = random.nextBoolean() ? model.committed() : model.working();
                for (int i = 0; i < bytes.length; i++) {
                    int at = oldSize + i;
                    int from = at >= PAGE && random.nextInt(8) > 0 ? at - PAGE : at % PAGE;
                    bytes[i] = from < source.length ? source[from] : 0;
                }
            }
            boolean mark = marks();
            record("append: write " + bytes.length + " bytes at " + oldSize + (mark ? "" : ", unmarked"));
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, file.segment(), oldSize, bytes.length);
            model.write(oldSize, bytes);
            if (mark) {
                file.markDirty(oldSize, bytes.length);
            }
            check("append");
        }

        private void truncate() throws IOException {
            if (model.written()) {
                if (random.nextBoolean()) {
                    commit();
                } else {
                    rollback();
                }
            }
            int pages = model.size() / PAGE;
            if (pages < 2) {
                return;
            }
            int newSize = (1 + random.nextInt(pages - 1)) * PAGE;
            if (reader != null || versions.size() > 1) {
                // A reader maps the file, and a rollback to a retained commit needs its bytes.
                record("truncate to " + newSize + (reader != null ? " with a reader open" : " with versions retained"));
                assertFalse(file.truncate(newSize), () -> failure("truncate to " + newSize));
                check("refused truncate");
                if (reader != null) {
                    closeReader("truncate");
                }
                return;
            }
            record("truncate to " + newSize);
            assertTrue(file.truncate(newSize), () -> failure("truncate to " + newSize));
            model.truncate(newSize);
            if (retain > 0) {
                versions.put(commits, model.committed());
            }
            check("truncate");
        }

        private void checkpoint() throws IOException {
            if (reader != null) {
                // A checkpoint waits for read-only opens, this thread's too.
                closeReader("checkpoint");
            }
            record("checkpoint");
            file.checkpoint();
            check("checkpoint");
            checkDataFile("checkpoint");
        }

        private void reopen() throws IOException {
            boolean readerOpen = reader != null && random.nextBoolean();
            if (reader != null && !readerOpen) {
                closeReader("close");
            }
            record("close" + (readerOpen ? " with a reader open" : ""));
            file.close();
            if (readerOpen) {
                // The writer's close leaves a write-ahead log's commits in the log: a new reader
                // must find them there, and the open one keep its view.
                checkReader("the writer's close");
                FamsFile first = reader;
                reader = null;
                openReader();
                first.close();
                if (reader != null) {
                    closeReader("reopen");
                }
            }
            if (!readerOpen || mode == CommitMode.UNDO) {
                checkDataFile("close");
            }
            int size = random.nextInt(4) == 0 && model.committedSize() < RESERVE
                    ? Math.min(RESERVE, oddSize(model.committedSize(), model.committedSize() + 2 * PAGE)) : 0;
            if (retain == 0 && random.nextInt(5) == 0) {
                mode = mode == CommitMode.REDO ? CommitMode.UNDO : CommitMode.REDO;
            }
            record("open " + mode + " size " + size);
            file = FamsFile.open(path, options(size));
            model.reopen(size);
            openedSize = model.size();
            assertEquals(commits, file.commitNumber(), () -> failure("the commit number after reopening"));
            check("reopen");
        }

        /** The segment's bytes of the file, against the model's. */
        private void check(String after) {
            assertEquals(model.size(), file.size(), () -> failure("size after " + after));
            byte[] actual = file.segment().asSlice(0, model.size()).toArray(ValueLayout.JAVA_BYTE);
            int at = model.workingMismatch(actual);
            if (at >= 0) {
                fail(failure("after " + after + " the segment differs from the model first at byte " + at
                        + " (page " + at / PAGE + ", byte " + at % PAGE + "): " + actual[at] + " instead of "
                        + model.working()[at]));
            }
        }

        /** The data file's bytes of the last commit, and zeros past them. */
        private void checkDataFile(String after) throws IOException {
            byte[] bytes;
            try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(ch.size()));
                while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                    continue;
                }
                bytes = b.array();
            }
            byte[] committed = model.committed();
            assertTrue(bytes.length >= committed.length,
                    () -> failure("after " + after + " the data file has " + bytes.length + " bytes, fewer than the "
                            + committed.length + " committed"));
            int at = model.committedMismatch(bytes);
            if (at >= 0) {
                fail(failure("after " + after + " the data file differs from the last commit first at byte " + at
                        + " (page " + at / PAGE + ", byte " + at % PAGE + "): " + bytes[at] + " instead of "
                        + committed[at]));
            }
            for (int i = committed.length; i < bytes.length; i++) {
                if (bytes[i] != 0) {
                    fail(failure("after " + after + " the data file holds " + bytes[i] + " at byte " + i
                            + ", past the " + committed.length + " committed bytes"));
                }
            }
        }

        private void record(String operation) {
            history.addLast(step + ": " + operation);
            if (history.size() > 40) {
                history.removeFirst();
            }
        }

        private String failure(String what) {
            return firstMode + " " + tracking + " seed " + seed + (retain > 0 ? " retaining " + retain : "")
                    + (readers ? " with readers" : "") + " (now " + mode + "), step " + step + ": " + what + "; last steps:\n  "
                    + String.join("\n  ", history);
        }
    }
}
