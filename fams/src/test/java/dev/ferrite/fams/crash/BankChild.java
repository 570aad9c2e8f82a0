package dev.ferrite.fams.crash;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.Durability;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Child JVM of the kill soak and of the reader tests: moves money between accounts spread over
 * many pages, checks that the total is unchanged before each commit (commit only when consistent),
 * stores the number of the commit it is making in the data itself, and prints each synchronous
 * commit's number after commit() returns. Each account holds its balance and, in the next 8
 * bytes, the balance's complement, so that a record half of one commit and half of another shows.
 * Runs until killed. Arguments: {@code FILE SEED [MODE [THRESHOLD]]}, MODE one of {@code undo}
 * (the default), {@code redo} (synchronous commits) and {@code redo-async} (three asynchronous
 * commits in four, unprinted), THRESHOLD the checkpoint threshold in bytes.
 */
public final class BankChild {
    static final int ACCOUNTS = 1024;
    static final long STRIDE = 264; // not a divisor of the page size, so some accounts straddle pages
    static final long FIRST_ACCOUNT = 4096;
    static final long INITIAL = 1_000;
    static final long SIZE = FIRST_ACCOUNT + ACCOUNTS * STRIDE;
    static final long MAGIC = 0x4b4e4142534d4146L;

    private BankChild() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        SplittableRandom random = new SplittableRandom(Long.parseLong(args[1]));
        String mode = args.length > 2 ? args[2] : "undo";
        FamsOptions.Builder options = FamsOptions.builder().size(SIZE);
        if (mode.startsWith("redo")) {
            options.commitMode(CommitMode.REDO);
            if (args.length > 3) {
                options.checkpointThreshold(Long.parseLong(args[3]));
            }
        }
        boolean async = mode.equals("redo-async");
        try (FamsFile f = FamsFile.open(file, options.build())) {
            MemorySegment m = f.segment();
            if (m.get(ValueLayout.JAVA_LONG, 0) != MAGIC) {
                for (int a = 0; a < ACCOUNTS; a++) {
                    setBalance(f, a, INITIAL);
                }
                m.set(ValueLayout.JAVA_LONG, 0, MAGIC);
                f.markDirty(0, 8);
                commit(f, m, Durability.SYNC);
            }
            while (true) {
                int transfers = 1 + random.nextInt(24);
                for (int t = 0; t < transfers; t++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = random.nextInt(ACCOUNTS);
                    long balance = m.get(ValueLayout.JAVA_LONG, account(from));
                    long amount = balance == 0 ? 0 : 1 + random.nextLong(balance);
                    setBalance(f, from, balance - amount);
                    setBalance(f, to, m.get(ValueLayout.JAVA_LONG, account(to)) + amount);
                }
                if (total(m) != ACCOUNTS * INITIAL) {
                    throw new AssertionError("invariant broken before commit: total " + total(m));
                }
                commit(f, m, async && random.nextInt(4) != 0 ? Durability.ASYNC : Durability.SYNC);
            }
        }
    }

    private static void setBalance(FamsFile f, int a, long balance) {
        f.segment().set(ValueLayout.JAVA_LONG, account(a), balance);
        f.segment().set(ValueLayout.JAVA_LONG, account(a) + 8, ~balance);
        f.markDirty(account(a), 16);
    }

    private static void commit(FamsFile f, MemorySegment m, Durability durability) {
        m.set(ValueLayout.JAVA_LONG, 8, f.commitNumber() + 1);
        f.markDirty(8, 8);
        long n = f.commit(durability);
        if (durability == Durability.SYNC) {
            System.out.println("committed " + n);
        }
    }

    static long account(int a) {
        return FIRST_ACCOUNT + a * STRIDE;
    }

    /** How many accounts do not hold their balance's complement beside it: records torn between commits. */
    static int tornAccounts(MemorySegment m) {
        int torn = 0;
        for (int a = 0; a < ACCOUNTS; a++) {
            if (m.get(ValueLayout.JAVA_LONG, account(a) + 8) != ~m.get(ValueLayout.JAVA_LONG, account(a))) {
                torn++;
            }
        }
        return torn;
    }

    static long total(MemorySegment m) {
        long sum = 0;
        for (int a = 0; a < ACCOUNTS; a++) {
            sum += m.get(ValueLayout.JAVA_LONG, account(a));
        }
        return sum;
    }
}
