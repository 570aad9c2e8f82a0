package dev.ferrite.fams.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Read-only processes against a writer in the write-ahead mode that commits bank transfers
 * continuously ({@link BankChild} in a child JVM) and checkpoints every few commits: one reader
 * stays open, reading again and again until the writer asks for a checkpoint, then reopens; one
 * opens afresh for every read. Each read must show exactly the commit the open found (the
 * commit number stored in the data equal to the file's), with the money conserved and no account
 * torn, and no open may call the healthy file corrupt.
 */
class RedoReadersTest {
    /** A checkpoint every ten commits or so; after forty the writer waits for readers. */
    private static final long THRESHOLD = 32 << 10;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(3);

    @TempDir
    Path dir;

    private final AtomicLong opens = new AtomicLong();
    private final AtomicLong refreshesAsked = new AtomicLong();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    @Test
    void readersSeeExactlyOneCommitWhileTheWriterCommitsAndCheckpoints() throws Exception {
        Path file = dir.resolve("bank.dat");
        Path out = dir.resolve("writer.txt");
        Process writer = ChildJvm.start(out, List.of(), BankChild.class, file.toString(), "7", "redo", "" + THRESHOLD);
        long checkpointedAtStart;
        long readsLongLived;
        long readsFresh;
        try {
            awaitCommits(writer, out);
            checkpointedAtStart = commitInDataFile(file);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong longLived = new AtomicLong();
            AtomicLong fresh = new AtomicLong();
            Thread a = Thread.ofPlatform().start(() -> run(running, () -> readLongLived(file, running, longLived)));
            Thread b = Thread.ofPlatform().start(() -> run(running, () -> readOnce(file, fresh)));
            long end = System.nanoTime() + RUN_NANOS;
            // Past the run's time, until a checkpoint wrote the data file and both readers read:
            // the verdicts below must not depend on how much the scheduler let happen meanwhile.
            long deadline = end + TimeUnit.SECONDS.toNanos(60);
            while (writer.isAlive() && System.nanoTime() < deadline && (System.nanoTime() < end
                    || longLived.get() == 0 || fresh.get() == 0 || commitInDataFile(file) == checkpointedAtStart)) {
                Thread.sleep(20);
            }
            running.set(false);
            a.join();
            b.join();
            readsLongLived = longLived.get();
            readsFresh = fresh.get();
            assertTrue(writer.isAlive(), "the writer stopped: " + Files.readString(out));
        } finally {
            writer.destroyForcibly();
            writer.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.printf("readers: %d reads by the long-lived reader over %d opens (%d closed because the writer"
                + " waited), %d reads each in a fresh open; %d problems%n", readsLongLived, opens.get() - readsFresh,
                refreshesAsked.get(), readsFresh, problems.size());
        assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())), problems.size() + " problems");
        assertNotEquals(checkpointedAtStart, commitInDataFile(file), "no checkpoint wrote the data file meanwhile");
        assertTrue(readsLongLived > 0 && readsFresh > 0);
    }

    private interface Body {
        void run() throws Exception;
    }

    private void run(AtomicBoolean running, Body body) {
        while (running.get()) {
            try {
                body.run();
            } catch (FamsCorruptException e) {
                problems.add("a healthy file called corrupt: " + e.getMessage());
            } catch (Exception | AssertionError e) {
                problems.add(e.toString());
            }
        }
    }

    /** One open, read until the writer asks for a checkpoint (or a thousand reads). */
    private void readLongLived(Path file, AtomicBoolean running, AtomicLong count) {
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            opens.incrementAndGet();
            for (int i = 0; i < 1000 && running.get(); i++) {
                check(f, "long-lived reader");
                count.incrementAndGet();
                if (f.checkpointWaiting()) {
                    refreshesAsked.incrementAndGet();
                    return;
                }
            }
        }
    }

    private void readOnce(Path file, AtomicLong count) {
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().readOnly(true).build())) {
            opens.incrementAndGet();
            check(f, "fresh reader");
            count.incrementAndGet();
        }
    }

    private void check(FamsFile f, String who) {
        MemorySegment m = f.segment();
        long commit = f.commitNumber();
        long inData = m.get(ValueLayout.JAVA_LONG, 8);
        long total = BankChild.total(m);
        int torn = BankChild.tornAccounts(m);
        if (inData != commit || total != BankChild.ACCOUNTS * BankChild.INITIAL || torn != 0) {
            problems.add(who + " opened at commit " + commit + " read data of commit " + inData + ", total " + total
                    + ", " + torn + " torn accounts");
        }
    }

    private static void awaitCommits(Process child, Path out) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (child.isAlive() && System.nanoTime() < deadline && !Files.readString(out).contains("committed 100\n")) {
            Thread.sleep(5);
        }
    }

    /** The commit number the data file itself holds: that of the last checkpoint. */
    private static long commitInDataFile(Path file) throws IOException {
        try (FileChannel c = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            c.read(b, 8);
            return b.getLong(0);
        }
    }
}
