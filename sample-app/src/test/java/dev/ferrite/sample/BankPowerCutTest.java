package dev.ferrite.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.sample.bank.Bank;
import dev.ferrite.test.HeapWorkload;
import dev.ferrite.test.PowerCutFailure;
import dev.ferrite.test.PowerCutReport;
import dev.ferrite.test.PowerCuts;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bank under power cuts at every instant: committing only when the books balance, it is
 * whole in every state a cut can leave; committing in the middle of a transfer, it is not.
 */
class BankPowerCutTest {
    private static final long SEED = 18;

    /** Opens a new bank of 4 accounts of 100: before the power cuts. */
    private static void openBank(Path heapFile) {
        try (Heap heap = Heap.open(heapFile)) {
            new Bank(heap, 4, 100);
        }
    }

    /** Makes 3 transfers, committing after each, and in the middle of each if {@code commitMidTransfer}. */
    private static HeapWorkload transfers(boolean commitMidTransfer) {
        return heapFile -> {
            try (Heap heap = Heap.open(heapFile)) {
                Bank bank = new Bank(heap, 4, 100);
                SplittableRandom random = new SplittableRandom(7);
                for (int i = 0; i < 3; i++) {
                    bank.transfer(random, commitMidTransfer ? heap::commit : () -> {});
                    bank.commit();
                }
            }
        };
    }

    /** What the bank promises after any crash: the balances add up to the money it holds. */
    static void booksBalance(Heap heap) {
        Bank bank = new Bank(heap, 4, 100); // a bank the crash left unopened is opened as the app would
        assertEquals(bank.ledger().totalMoney(), bank.sumOfBalances(), "balances do not add up");
    }

    @Test
    void theBankIsWholeAfterEveryPowerCut() {
        PowerCutReport report = PowerCuts.of(transfers(false)).startingFrom(BankPowerCutTest::openBank).invariant(BankPowerCutTest::booksBalance).seed(SEED)
                .run();

        assertTrue(report.statesChecked() > report.crashPoints(), report.toString());
    }

    @Test
    void aCommitInTheMiddleOfATransferIsFound() {
        PowerCutFailure failure = assertThrows(PowerCutFailure.class, () -> PowerCuts.of(transfers(true))
                .startingFrom(BankPowerCutTest::openBank).invariant(BankPowerCutTest::booksBalance).seed(SEED).run());

        assertTrue(failure.getMessage().contains("balances do not add up"), failure.getMessage());
        failure.deleteFiles();
    }
}
