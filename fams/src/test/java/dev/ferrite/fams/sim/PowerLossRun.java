package dev.ferrite.fams.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.storage.Storage;
import dev.ferrite.fams.storage.StorageFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * One workload on one {@link SimDisk}, checked after every storage operation: every disk a power
 * cut could leave at that instant is recovered, and the data file must then be exactly one of the
 * {@link #allowed} commits, whose images the workload keeps in {@link #images}. A sample of those
 * recoveries is itself cut at every operation and must end where the uninterrupted one ended; at
 * every fourth operation the process dies instead, and power cuts during and after the next
 * process's recovery must keep what that recovery decided. Subclasses drive one commit protocol.
 */
abstract class PowerLossRun {
    final Path dir;
    final SimDisk disk;
    /** The data file at each commit, by commit number. */
    final List<byte[]> images = new ArrayList<>(List.of(new byte[0]));
    /** The commits a recovery may find at this instant. */
    Set<Long> allowed = Set.of(0L);
    /** The data file as the workload has written it since the last commit. */
    byte[] memory = new byte[0];
    /** What the workload is doing, for failure messages. */
    String phase = "creating the file";
    /**
     * While a truncation runs: the data file before it. Until the cut is recorded, recovery may
     * find the file at this length: its last commit's pages below the cut and, from the cut on,
     * bytes the workload has given up (the zeros written over them tear like any write; a hole
     * punched there would not, but nothing may depend on them).
     */
    byte[] beforeCut;
    private final CrashStates states;
    private final CrashStates recoveryStates;
    private long crashPoints;
    private long statesChecked;
    private long recoveriesCut;
    private long recoveryStatesChecked;
    private long processCrashes;
    private long processCrashStatesChecked;
    private long sinceNested;

    PowerLossRun(Path dir, long seed) {
        this.dir = dir;
        this.disk = new SimDisk(dir);
        this.states = new CrashStates(2048, 160, seed);
        this.recoveryStates = new CrashStates(8, 3, seed + 100);
        disk.afterEachOperation(this::checkEveryCrashState);
    }

    /** Opens the protocol writable on {@code d}, which recovers it, and returns the commit it found. */
    abstract long recoveredCommit(SimDisk d) throws IOException;

    /** A further check of one crash state in ten; none by default. */
    void checkSample(Map<String, byte[]> state) {}

    /** Called at each operation of the workload, before its crash states are checked; nothing by default. */
    void atOperation() {}

    private void checkEveryCrashState() {
        crashPoints++;
        atOperation();
        statesChecked += states.enumerate(disk.pendingState(), state -> recoverChecked(state, true));
        if (crashPoints % 4 == 0) {
            checkProcessCrash();
        }
    }

    /**
     * The process dies here and the next one recovers with the page cache intact; then the
     * power fails, during that recovery or after it. Whatever recovery decided must survive:
     * it may not keep a commit whose pages it has not made durable.
     */
    private void checkProcessCrash() {
        SimDisk crashed = disk.afterProcessCrash();
        long[] decided = {-1};
        crashed.afterEachOperation(() -> processCrashStatesChecked += recoveryStates.enumerate(
                crashed.pendingState(), s -> {
                    long n = recover(SimDisk.of(dir, s), "power cut while recovering from a process crash during "
                            + phase);
                    assertTrue(decided[0] < 0 || n == decided[0], "a power cut after recovery decided commit "
                            + decided[0] + " brought back commit " + n);
                }));
        decided[0] = recover(crashed, "recovery from a process crash during " + phase);
        processCrashes++;
        processCrashStatesChecked += recoveryStates.enumerate(crashed.pendingState(), s -> assertEquals(decided[0],
                recover(SimDisk.of(dir, s), "power cut after recovering from a process crash during " + phase),
                "a power cut after recovery must find the commit recovery decided"));
    }

    /** Recovers {@code state}; with {@code cut}, sometimes also cuts that recovery at each of its operations. */
    private long recoverChecked(Map<String, byte[]> state, boolean cut) {
        if (++sinceNested % 10 == 5) {
            checkSample(state);
        }
        long result = recover(SimDisk.of(dir, state), "power cut during " + phase);
        if (cut && sinceNested % 10 == 0) {
            recoveriesCut++;
            SimDisk recovering = SimDisk.of(dir, state);
            recovering.afterEachOperation(() -> recoveryStatesChecked += recoveryStates.enumerate(
                    recovering.pendingState(), s -> {
                        long again = recover(SimDisk.of(dir, s), "power cut during recovery after " + phase);
                        assertEquals(result, again, "recovery interrupted by a power cut must converge");
                    }));
            recover(recovering, "recovery after " + phase);
        }
        return result;
    }

    private long recover(SimDisk d, String context) {
        try {
            long n = recoveredCommit(d);
            assertTrue(allowed.contains(n), context + ": recovered commit " + n + ", expected one of " + allowed);
            String diff = difference(images.get((int) n), d.currentView().get("heap.dat"));
            assertEquals(null, diff, context + ": recovered commit " + n + " but its data differ");
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(context, e);
        }
    }

    private String difference(byte[] expected, byte[] actual) {
        String diff = Stamps.firstDifference(expected, actual);
        if (diff == null || beforeCut == null || actual.length != beforeCut.length || expected.length > actual.length) {
            return diff;
        }
        String kept = Stamps.firstDifference(expected, Arrays.copyOf(actual, expected.length));
        if (kept != null) {
            return "below the cut: " + kept;
        }
        return null;
    }

    /**
     * Stamps pages {@code stamped} of {@link #memory} as commit {@code commit} writes them and
     * zeroes pages {@code zeroed}; returns those and {@code same} (rewritten unchanged), ascending,
     * as the commit's dirty pages.
     */
    long[] write(long commit, long[] stamped, long[] zeroed, long... same) {
        for (long p : stamped) {
            Stamps.stamp(memory, commit, p);
        }
        for (long p : zeroed) {
            Arrays.fill(memory, (int) (p * Stamps.PAGE), (int) Math.min(memory.length, (p + 1) * Stamps.PAGE), (byte) 0);
        }
        return Stream.of(stamped, zeroed, same).flatMapToLong(LongStream::of).sorted().distinct().toArray();
    }

    /** Prints what was checked, under {@code title}, and asserts that crash states were. */
    void printChecked(String title) {
        System.out.printf("%s: %d crash points, %d crash states recovered, %d recoveries cut, %d crash states during"
                + " recovery; %d process crashes, %d power cuts during and after their recovery%n", title, crashPoints,
                statesChecked, recoveriesCut, recoveryStatesChecked, processCrashes, processCrashStatesChecked);
        assertTrue(statesChecked > crashPoints);
    }
}
