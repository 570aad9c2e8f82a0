package dev.ferrite.fams.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGKILLs ({@code Process.destroyForcibly}) a child JVM running {@link BankChild} at random
 * instants: during JVM start, recovery, transfers and every step of commit. After each kill the
 * file must hold a consistent bank (total conserved, no account torn, the commit number stored in
 * the data equal to the file's commit number) at a commit no older than the last synchronous one
 * the child saw return. In the undo mode, and in the write-ahead mode with three commits in four
 * asynchronous and a checkpoint every few commits (so kills land in commits, background syncs,
 * checkpoints and replays at open). {@code -Dfams.soak.kills=N} (the {@code soak} Maven profile)
 * runs N kills per mode instead of 100.
 */
class KillSoakTest {
    @TempDir
    Path dir;

    /** The write-ahead soak's checkpoint threshold: a checkpoint every ten commits or so. */
    private static final String REDO_THRESHOLD = "" + (32 << 10);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"undo", "redo-async"})
    void killedAtRandomInstantsTheBankStaysConsistent(String mode) throws Exception {
        int kills = Integer.getInteger("fams.soak.kills", 100);
        SplittableRandom random = new SplittableRandom(Long.getLong("fams.soak.seed", 20261123L));
        Path file = dir.resolve("bank.dat");
        Path out = dir.resolve("child.txt");
        long lastSeen = 0;
        long maxCommitsInOneRun = 0;
        for (int k = 0; k < kills; k++) {
            Process child = ChildJvm.start(out, List.of(), BankChild.class, file.toString(), "" + random.nextLong(),
                    mode, REDO_THRESHOLD);
            if (k % 4 == 0) {
                Thread.sleep(random.nextInt(50, 600)); // anywhere: JVM start, recovery, first commits
            } else {
                awaitFirstCommit(child, out);
                Thread.sleep(random.nextInt(0, 120)); // in the commit loop
            }
            if (!child.isAlive()) {
                fail("child exited by itself with status " + child.exitValue() + ": " + Files.readString(out));
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            long returned = lastReturned(out);
            maxCommitsInOneRun = Math.max(maxCommitsInOneRun, returned - lastSeen);
            long now = verify(file, true, mode, k);
            assertTrue(now >= returned, "kill " + k + ": commit " + returned + " returned in the child, but the file"
                    + " is at commit " + now);
            assertTrue(now >= lastSeen, "kill " + k + ": commit number went back from " + lastSeen + " to " + now);
            lastSeen = now;
        }
        assertEquals(lastSeen, verify(file, false, mode, kills));
        System.out.printf("kill soak (%s): %d kills, reached commit %d, up to %d commits between two kills%n",
                mode, kills, lastSeen, maxCommitsInOneRun);
        // Three kills in four wait for the child's first commit: fewer commits mean children that never got going.
        assertTrue(lastSeen >= kills * 3L / 4, "only " + lastSeen + " commits in " + kills + " runs");
    }

    /** Opens the file (read-only: without recovering it; else recovering it) and checks the bank. */
    private static long verify(Path file, boolean readOnly, String mode, int kill) {
        if (!Files.exists(file)) {
            return 0; // killed before the first open created it
        }
        FamsOptions.Builder options = FamsOptions.builder().readOnly(readOnly);
        if (mode.startsWith("redo")) {
            options.commitMode(CommitMode.REDO);
        }
        try (FamsFile f = FamsFile.open(file, options.build())) {
            MemorySegment m = f.segment();
            long n = f.commitNumber();
            if (m.byteSize() < BankChild.SIZE || m.get(ValueLayout.JAVA_LONG, 0) != BankChild.MAGIC) {
                assertEquals(0, n, "kill " + kill + ": an uninitialised bank must be commit 0");
                return n;
            }
            assertEquals(BankChild.ACCOUNTS * BankChild.INITIAL, BankChild.total(m), "kill " + kill + ": money not conserved at commit " + n);
            assertEquals(0, BankChild.tornAccounts(m), "kill " + kill + ": accounts torn at commit " + n);
            assertEquals(n, m.get(ValueLayout.JAVA_LONG, 8), "kill " + kill + ": data of another commit than " + n);
            return n;
        }
    }

    private static void awaitFirstCommit(Process child, Path out) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (child.isAlive() && System.nanoTime() < deadline && !Files.readString(out).contains("committed")) {
            Thread.sleep(5);
        }
    }

    private static long lastReturned(Path out) throws IOException {
        long last = 0;
        for (String line : Files.readAllLines(out)) {
            if (line.startsWith("committed ")) {
                last = Long.parseLong(line.substring(10).trim());
            } else if (!line.isBlank()) {
                fail("unexpected child output: " + line);
            }
        }
        return last;
    }
}
