package dev.ferrite.fams.crash;

import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Child JVM of the kill soak: moves money between accounts spread over many pages, checks that the
 * total is unchanged before each commit (commit only when consistent), stores the number of the
 * commit it is making in the data itself, and prints each commit number after commit() returns.
 * Runs until killed.
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
        try (FamsFile f = FamsFile.open(file, FamsOptions.builder().size(SIZE).build())) {
            MemorySegment m = f.segment();
            if (m.get(ValueLayout.JAVA_LONG, 0) != MAGIC) {
                for (int a = 0; a < ACCOUNTS; a++) {
                    m.set(ValueLayout.JAVA_LONG, account(a), INITIAL);
                }
                m.set(ValueLayout.JAVA_LONG, 0, MAGIC);
                commit(f, m);
            }
            while (true) {
                int transfers = 1 + random.nextInt(24);
                for (int t = 0; t < transfers; t++) {
                    int from = random.nextInt(ACCOUNTS);
                    int to = random.nextInt(ACCOUNTS);
                    long balance = m.get(ValueLayout.JAVA_LONG, account(from));
                    long amount = balance == 0 ? 0 : 1 + random.nextLong(balance);
                    m.set(ValueLayout.JAVA_LONG, account(from), balance - amount);
                    f.markDirty(account(from), 8);
                    m.set(ValueLayout.JAVA_LONG, account(to), m.get(ValueLayout.JAVA_LONG, account(to)) + amount);
                    f.markDirty(account(to), 8);
                }
                if (total(m) != ACCOUNTS * INITIAL) {
                    throw new AssertionError("invariant broken before commit: total " + total(m));
                }
                commit(f, m);
            }
        }
    }

    private static void commit(FamsFile f, MemorySegment m) {
        m.set(ValueLayout.JAVA_LONG, 8, f.commitNumber() + 1);
        f.markDirty(8, 8);
        long n = f.commit();
        System.out.println("committed " + n);
    }

    static long account(int a) {
        return FIRST_ACCOUNT + a * STRIDE;
    }

    static long total(MemorySegment m) {
        long sum = 0;
        for (int a = 0; a < ACCOUNTS; a++) {
            sum += m.get(ValueLayout.JAVA_LONG, account(a));
        }
        return sum;
    }
}
