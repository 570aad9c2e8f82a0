package dev.ferrite.sample.bank;

import dev.ferrite.runtime.Heap;
import dev.ferrite.sample.HeapFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bank}: random transfers between accounts, committed only when the books balance. */
@Command(
        name = "bank",
        mixinStandardHelpOptions = true,
        description = {
            "Moves money between accounts kept in a persistent heap. Before every commit the bank checks"
                    + " that the balances add up to the money it holds; --crash-after halts the JVM in the"
                    + " middle of a transfer, and the next run finds the bank as it was at the last commit."
        })
public final class BankCommand implements Callable<Integer> {
    /** Exit status of a run halted by {@code --crash-after}. */
    public static final int CRASH_STATUS = 99;

    @Option(names = "--heap", description = "The heap file (default: ${DEFAULT-VALUE}).")
    Path heapPath = HeapFiles.defaultPath("bank.heap");

    @Option(names = "--accounts", description = "Accounts of a new bank (default: ${DEFAULT-VALUE}).")
    int accounts = 100;

    @Option(names = "--transfers", description = "Transfers to make (default: ${DEFAULT-VALUE}).")
    long transfers = 10_000;

    @Option(names = "--commit-every", description = "Transfers per commit (default: ${DEFAULT-VALUE}).")
    long commitEvery = 100;

    @Option(
            names = "--crash-after",
            description = "Halt the JVM in the middle of transfer N, between debit and credit.")
    long crashAfter = -1;

    @Option(names = "--seed", description = "Seed of the random transfers (default: the clock).")
    Long seed;

    @Override
    public Integer call() throws Exception {
        HeapFiles.announce(heapPath);
        try (Heap heap = Heap.open(heapPath)) {
            Bank bank = new Bank(heap, accounts, 1_000);
            Ledger ledger = bank.ledger();
            long sum = bank.sumOfBalances();
            System.out.printf(
                    "opened: %d accounts, %,d transfers so far, balances add up to %,d of %,d: %s%n",
                    ledger.accounts(), ledger.transfers(), sum, ledger.totalMoney(),
                    sum == ledger.totalMoney() ? "consistent" : "INCONSISTENT");
            if (sum != ledger.totalMoney()) {
                return 1;
            }
            if (ledger.lastRun() != null) {
                System.out.println("last run: " + ledger.lastRun());
            }
            long commit = 0;
            SplittableRandom random = new SplittableRandom(seed != null ? seed : System.nanoTime());
            for (long done = 1; done <= transfers; done++) {
                long current = done;
                bank.transfer(random, () -> {
                    if (current == crashAfter) {
                        System.out.printf("halting in the middle of transfer %d, uncommitted work is lost%n", current);
                        System.out.flush();
                        Runtime.getRuntime().halt(CRASH_STATUS);
                    }
                });
                if (done == transfers) {
                    ledger.lastRun(transfers + " transfers, finished " + Instant.now());
                }
                if (done % commitEvery == 0 || done == transfers) {
                    commit = bank.commit();
                }
            }
            System.out.printf(
                    "made %,d transfers; %,d in all; balances add up to %,d (commit %d)%n",
                    transfers, ledger.transfers(), bank.sumOfBalances(), commit);
        }
        return 0;
    }
}
