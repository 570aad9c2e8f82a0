package dev.ferrite.bench.heap;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.Durability;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * bank-1 on the heap: 16 accounts of 1,000,000 in a {@link PersistentSortedMap}, one transfer of
 * 1 to 100 (seed fixed) per commit, in the undo mode, the write-ahead mode and the write-ahead
 * mode with {@link Durability#ASYNC}, on one file system in the same run: blocks of commits of
 * each mode alternate, so that the moments each is measured at are alike. Reports the median
 * latency of a transfer with its commit and transfers per second for each, their ratios to the
 * undo mode, and checks after reopening that every heap still holds 16,000,000.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.ferrite.bench.heap.BankModesBench [directory]
 * </pre>
 */
public final class BankModesBench {
    private static final int ACCOUNTS = 16;
    private static final long OPENING = 1_000_000;
    private static final int BLOCK = 500;
    private static final int ROUNDS = 10;
    private static final int WARM_UP = 2_000;

    private BankModesBench() {}

    private record Bank(String name, Heap heap, PersistentSortedMap<Long, Long> accounts, Durability durability,
                        double[] micros) {}

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Files.createDirectories(Path.of(args[0]))
                : Files.createTempDirectory("bank-modes-bench");
        System.out.println("bank-1 on the heap in " + dir + " (" + Files.getFileStore(dir).type() + ")");
        HeapOptions.Builder options = HeapOptions.builder().capacity(64L << 20);
        Bank[] banks = {
            open("undo (2 fdatasyncs)", dir.resolve("bench-undo.heap"), options.commitMode(CommitMode.UNDO).build(),
                    Durability.SYNC),
            open("redo (1 fdatasync)", dir.resolve("bench-redo.heap"), options.commitMode(CommitMode.REDO).build(),
                    Durability.SYNC),
            open("redo ASYNC", dir.resolve("bench-async.heap"), options.commitMode(CommitMode.REDO).build(),
                    Durability.ASYNC),
        };
        SplittableRandom random = new SplittableRandom(42);
        try {
            for (Bank bank : banks) {
                for (int i = 0; i < WARM_UP; i++) {
                    transfer(bank, random);
                }
            }
            for (int round = 0; round < ROUNDS; round++) {
                for (Bank bank : banks) {
                    for (int i = 0; i < BLOCK; i++) {
                        long start = System.nanoTime();
                        transfer(bank, random);
                        bank.micros()[round * BLOCK + i] = (System.nanoTime() - start) / 1e3;
                    }
                }
            }
        } finally {
            for (Bank bank : banks) {
                bank.heap().close();
            }
        }
        double undo = median(banks[0].micros());
        for (Bank bank : banks) {
            double m = median(bank.micros());
            double perSecond = bank.micros().length / (Arrays.stream(bank.micros()).sum() / 1e6);
            System.out.printf("%-20s median %6.1f us, p25 %6.1f us, %8.0f transfers/s; undo median / this %.2f%n",
                    bank.name(), m, quantile(bank.micros(), 0.25), perSecond, undo / m);
        }
        for (String name : new String[] {"bench-undo.heap", "bench-redo.heap", "bench-async.heap"}) {
            try (Heap heap = Heap.open(dir.resolve(name))) {
                long total = 0;
                PersistentSortedMap<Long, Long> accounts = accounts(heap);
                for (long a = 0; a < ACCOUNTS; a++) {
                    total += accounts.getLong(a, 0);
                }
                if (total != ACCOUNTS * OPENING) {
                    throw new AssertionError(name + " holds " + total + " after reopening");
                }
            }
        }
        System.out.println("every heap holds " + ACCOUNTS * OPENING + " after reopening");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().startsWith("bench-")) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Bank open(String name, Path file, HeapOptions options, Durability durability) {
        Heap heap = Heap.open(file, options);
        PersistentSortedMap<Long, Long> accounts = accounts(heap);
        for (long a = 0; a < ACCOUNTS; a++) {
            accounts.putLong(a, OPENING);
        }
        heap.commit();
        return new Bank(name, heap, accounts, durability, new double[BLOCK * ROUNDS]);
    }

    private static PersistentSortedMap<Long, Long> accounts(Heap heap) {
        return PersistentSortedMap.root(heap, "accounts", KeyType.LONG, ValueType.LONG);
    }

    private static void transfer(Bank bank, SplittableRandom random) {
        long from = random.nextInt(ACCOUNTS);
        long to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        long amount = 1 + random.nextInt(100);
        bank.accounts().addLong(from, -amount);
        bank.accounts().addLong(to, amount);
        bank.heap().commit(bank.durability());
    }

    private static double median(double[] v) {
        return quantile(v, 0.5);
    }

    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[(int) Math.round(q * (s.length - 1))];
    }
}
