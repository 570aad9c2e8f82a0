package dev.ferrite.fams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers of a write-ahead file in one process: read-only opens keep checkpoints from changing
 * the data file under them, up to the documented bound, and are then asked to close; threads of
 * the writing process may read while {@code commit()} runs, its checkpoints included.
 */
class RedoReadersInProcessTest {
    private static final int PAGE = 4096;
    private static final long THRESHOLD = 4 * PAGE;

    @TempDir
    Path dir;

    private static FamsOptions.Builder redo() {
        return FamsOptions.builder().size(64 * PAGE).commitMode(CommitMode.REDO).dirtyTracking(DirtyTracking.EXPLICIT)
                .checkpointThreshold(THRESHOLD);
    }

    private static FamsFile reader(Path file) {
        return FamsFile.open(file, FamsOptions.builder().readOnly(true).build());
    }

    private static long fileLong(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(b, offset);
            return b.getLong(0);
        }
    }

    /** Commits {@code value} into one long on each of pages 0..n-1: n whole lines logged. */
    private static void commitPages(FamsFile f, int n, long value) {
        for (int p = 0; p < n; p++) {
            f.segment().set(ValueLayout.JAVA_LONG, (long) p * PAGE, value);
            f.markDirty((long) p * PAGE, 8);
        }
        f.commit();
    }

    @Test
    void anOpenReaderDefersCheckpointsThenTheWriterWaitsForIt() throws Exception {
        Path file = dir.resolve("r.dat");
        FamsFile writer = FamsFile.open(file, redo().build());
        commitPages(writer, 1, 1);
        writer.checkpoint();
        FamsFile reader = reader(file);
        assertEquals(1, reader.commitNumber());
        // Past the threshold: the checkpoint is put off, the data file keeps commit 1.
        commitPages(writer, 8, 2);
        assertEquals(1, fileLong(file, 0), "a checkpoint ran under an open reader");
        assertFalse(reader.checkpointWaiting());
        AtomicLong value = new AtomicLong(2);
        Thread committer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 5; i++) {
                // 20 pages held, past 4x the threshold: the checkpoint may no longer wait, so the writer waits.
                commitPages(writer, 20, value.incrementAndGet());
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!reader.checkpointWaiting() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(reader.checkpointWaiting(), "the writer never asked the reader to close");
        assertTrue(committer.isAlive(), "the writer did not wait for the reader");
        assertEquals(1, fileLong(file, 0), "a checkpoint ran under an open reader");
        assertEquals(1, reader.segment().get(ValueLayout.JAVA_LONG, 0), "the reader's view changed");
        reader.close();
        committer.join();
        long last = writer.commitNumber();
        writer.checkpoint();
        assertEquals(value.get(), fileLong(file, 0));
        try (FamsFile again = reader(file)) {
            assertEquals(last, again.commitNumber());
            assertFalse(again.checkpointWaiting());
        }
        writer.close();
    }

    @Test
    void closeLeavesTheLogToTheNextOpenWhileAReaderIsOpen() throws Exception {
        Path file = dir.resolve("c.dat");
        try (FamsFile writer = FamsFile.open(file, redo().build())) {
            commitPages(writer, 1, 1);
        }
        FamsFile reader = reader(file);
        try (FamsFile writer = FamsFile.open(file, redo().build())) {
            commitPages(writer, 2, 7);
        }
        assertEquals(1, fileLong(file, 0), "close checkpointed under an open reader");
        assertEquals(1, reader.segment().get(ValueLayout.JAVA_LONG, 0));
        reader.close();
        try (FamsFile writer = FamsFile.open(file, redo().build())) {
            assertEquals(RecoveryReport.Outcome.REPLAYED_LOG, writer.recoveryReport().outcome());
            assertEquals(2, writer.commitNumber());
        }
        assertEquals(7, fileLong(file, PAGE));
    }

    /**
     * A writable open in the undo mode replays the write-ahead log into the data file before it
     * switches logs: like a checkpoint, it must wait for the open readers, whose untouched pages
     * would otherwise show the replayed commits.
     */
    @Test
    void theSwitchToTheUndoModeWaitsForOpenReaders() throws Exception {
        Path file = dir.resolve("s.dat");
        try (FamsFile writer = FamsFile.open(file, redo().build())) {
            commitPages(writer, 1, 1);
        }
        FamsFile reader = reader(file);
        try (FamsFile writer = FamsFile.open(file, redo().build())) {
            commitPages(writer, 2, 7);
        }
        FamsFile[] undo = new FamsFile[1];
        Thread opener = Thread.ofPlatform().start(() -> undo[0] = FamsFile.open(file,
                FamsOptions.builder().size(64 * PAGE).commitMode(CommitMode.UNDO).build()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!reader.checkpointWaiting() && opener.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(1, fileLong(file, 0), "the switch replayed the log under an open reader");
        assertEquals(0, reader.segment().get(ValueLayout.JAVA_LONG, PAGE), "the reader's view changed");
        assertTrue(reader.checkpointWaiting(), "the switch did not ask the reader to close");
        assertTrue(opener.isAlive(), "the switch did not wait for the reader");
        reader.close();
        opener.join();
        try (FamsFile writer = undo[0]) {
            assertEquals(2, writer.commitNumber());
            assertEquals(7, writer.segment().get(ValueLayout.JAVA_LONG, PAGE));
        }
        assertEquals(7, fileLong(file, 0));
        assertFalse(Files.exists(dir.resolve("s.dat.fams-redo")), "the switch left the redo log");
    }

    /**
     * Bank transfers under an application's read/write lock, with {@code commit()} under the read
     * side: reading threads run during commits and the checkpoints they trigger, and must always
     * see the money conserved.
     */
    @Test
    void threadsOfTheWriterReadWhileItCommitsAndCheckpoints() throws Exception {
        Path file = dir.resolve("t.dat");
        int accounts = 512;
        long stride = 264;
        ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicLong reads = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        try (FamsFile f = FamsFile.open(file, redo().size(64 + accounts * stride).dirtyTracking(DirtyTracking.COMBINED)
                .build())) {
            MemorySegment m = f.segment();
            for (int a = 0; a < accounts; a++) {
                m.set(ValueLayout.JAVA_LONG, a * stride, 100);
            }
            f.commit();
            Runnable read = () -> {
                while (running.get()) {
                    lock.readLock().lock();
                    try {
                        long total = 0;
                        for (int a = 0; a < accounts; a++) {
                            total += m.get(ValueLayout.JAVA_LONG, a * stride);
                        }
                        if (total != accounts * 100L) {
                            problems.add("total " + total);
                        }
                        reads.incrementAndGet();
                    } finally {
                        lock.readLock().unlock();
                    }
                }
            };
            List<Thread> readers = List.of(Thread.ofPlatform().start(read), Thread.ofPlatform().start(read));
            SplittableRandom random = new SplittableRandom(3);
            byte[] before = Files.readAllBytes(file);
            for (int c = 0; c < 1000; c++) {
                lock.writeLock().lock();
                try {
                    for (int t = 0; t < 4; t++) {
                        long from = random.nextInt(accounts) * stride;
                        long to = random.nextInt(accounts) * stride;
                        long amount = Math.min(m.get(ValueLayout.JAVA_LONG, from), random.nextInt(10));
                        m.set(ValueLayout.JAVA_LONG, from, m.get(ValueLayout.JAVA_LONG, from) - amount);
                        m.set(ValueLayout.JAVA_LONG, to, m.get(ValueLayout.JAVA_LONG, to) + amount);
                    }
                } finally {
                    lock.writeLock().unlock();
                }
                lock.readLock().lock();
                try {
                    f.commit(c % 2 == 0 ? Durability.SYNC : Durability.ASYNC);
                } finally {
                    lock.readLock().unlock();
                }
            }
            // However the threads were scheduled, each verdict below rests on reads that happened.
            while (reads.get() == 0 && readers.stream().anyMatch(Thread::isAlive)) {
                Thread.onSpinWait();
            }
            running.set(false);
            for (Thread t : readers) {
                t.join();
            }
            assertTrue(reads.get() > 0);
            assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())), problems.size() + " of "
                    + reads.get() + " reads during commits saw money not conserved");
            assertFalse(Arrays.equals(before, Files.readAllBytes(file)), "no checkpoint ran during the commits");
        }
    }
}
