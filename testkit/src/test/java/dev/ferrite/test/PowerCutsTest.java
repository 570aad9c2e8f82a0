package dev.ferrite.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.test.structs.Account;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Kelly's bank: two accounts of 100, and transfers that must keep their total at 200. The bank is
 * opened before the power cuts start ({@link PowerCuts#startingFrom}), and the transfers are cut. Committed
 * after the credit, every state a power cut leaves holds 200; committed between the debit and
 * the credit as well, a cut right after that commit leaves 190, and the kit must find it.
 */
class PowerCutsTest {
    private static final long SEED = 20261206L;

    /** Opens a new bank: two accounts of 100. */
    private static void open(Path heapFile) {
        try (Heap heap = Heap.open(heapFile)) {
            heap.root("alice", Account.class).balance(100);
            heap.root("bob", Account.class).balance(100);
            heap.commit();
        }
    }

    /** Makes {@code transfers} transfers of 10 from alice to bob. */
    private static HeapWorkload transfers(int transfers, boolean commitBetweenDebitAndCredit) {
        return heapFile -> {
            try (Heap heap = Heap.open(heapFile)) {
                Account alice = heap.root("alice", Account.class);
                Account bob = heap.root("bob", Account.class);
                for (int i = 0; i < transfers; i++) {
                    alice.balance(alice.balance() - 10);
                    if (commitBetweenDebitAndCredit) {
                        heap.commit(); // the planted bug
                    }
                    bob.balance(bob.balance() + 10);
                    heap.commit();
                }
            }
        };
    }

    static void totalIs200(Heap heap) {
        Optional<Account> alice = heap.findRoot("alice", Account.class);
        Optional<Account> bob = heap.findRoot("bob", Account.class);
        assertEquals(alice.isPresent(), bob.isPresent(), "the accounts are created in one commit");
        if (alice.isPresent()) {
            assertEquals(200, alice.get().balance() + bob.get().balance(), "money created or lost");
        }
    }

    @Test
    void aBankThatCommitsOnlyWhenConsistentSurvivesEveryPowerCut() {
        PowerCutReport report = PowerCuts.of(transfers(2, false)).startingFrom(PowerCutsTest::open)
                .invariant(PowerCutsTest::totalIs200).seed(SEED).run();

        assertEquals(SEED, report.seed());
        // Two commits, each syncing at least once; power cuts between their steps leave several
        // distinct disks, some of them reached again from later steps.
        assertTrue(report.crashPoints() >= 2, report.toString());
        assertTrue(report.statesChecked() >= 2, report.toString());
    }

    @Test
    void aCommitBetweenTheDebitAndTheCreditIsFound() {
        PowerCutFailure failure = assertThrows(PowerCutFailure.class,
                () -> PowerCuts.of(transfers(2, true)).startingFrom(PowerCutsTest::open)
                        .invariant(PowerCutsTest::totalIs200).seed(SEED).run());

        assertTrue(failure.getMessage().contains("money created or lost"), failure.getMessage());
        assertTrue(failure.getMessage().contains("expected: <200> but was: <190>"), failure.getMessage());
        assertEquals(SEED, failure.seed());
        assertTrue(failure.crashPoint() > 0);
        assertTrue(failure.getMessage().contains(".seed(" + SEED + "L).onlyCrashPoint(" + failure.crashPoint() + ")"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains(failure.files().toString()), failure.getMessage());
        assertTrue(Files.exists(failure.files().resolve("test.heap")), "the failing state's files are kept");
        failure.deleteFiles();

        PowerCutFailure replayed = assertThrows(PowerCutFailure.class, () -> PowerCuts.of(transfers(2, true))
                .startingFrom(PowerCutsTest::open).invariant(PowerCutsTest::totalIs200).seed(failure.seed()).onlyCrashPoint(failure.crashPoint()).run());
        assertEquals(failure.crashPoint(), replayed.crashPoint());
        assertEquals(failure.state(), replayed.state());
        replayed.deleteFiles();
    }

    @Test
    void aHeapThatDoesNotOpenIsAFailure() {
        // The application opens its heap read-only after a restart: absent before the first sync, it cannot.
        PowerCutFailure failure = assertThrows(PowerCutFailure.class, () -> PowerCuts.of(PowerCutsTest::open).seed(SEED)
                .openWith(file -> Heap.open(file, dev.ferrite.runtime.HeapOptions.builder().readOnly(true).build()))
                .run());

        assertEquals(1, failure.crashPoint(), failure.getMessage());
        assertTrue(failure.getMessage().contains("no heap to open read-only"), failure.getMessage());
        failure.deleteFiles();
    }

    @Test
    void aWorkloadThatFailsByItselfIsReportedAsSuch() {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> PowerCuts.of(heapFile -> {
            throw new IllegalStateException("broken before any crash");
        }).run());

        assertFalse(failure instanceof PowerCutFailure);
        assertTrue(failure.getMessage().contains("the workload failed before any power cut"), failure.getMessage());
    }
}
