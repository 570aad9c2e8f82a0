package dev.ferrite.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.test.child.BankChild;
import dev.ferrite.test.structs.Account;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** SIGKILLs {@link BankChild} in child JVMs: the correct bank stays at 200, the buggy one is caught. */
class KillTestTest {
    @TempDir
    Path dir;

    private static void totalIs200(Heap heap) {
        Optional<Account> alice = heap.findRoot("alice", Account.class);
        if (alice.isPresent()) {
            assertEquals(200, alice.get().balance() + heap.findRoot("bob", Account.class).orElseThrow().balance(),
                    "money created or lost");
        }
    }

    @Test
    void aBankThatCommitsOnlyWhenConsistentSurvivesEveryKill() {
        Path heapFile = dir.resolve("bank.heap");
        KillReport report = KillTest.of(BankChild.class).arguments(KillTest.HEAP, "correct").kills(3).seed(1)
                .killAfterOutput("open").killAfter(Duration.ZERO, Duration.ofMillis(300))
                .invariant(KillTestTest::totalIs200).run(heapFile);

        assertEquals(3, report.killed(), "the child runs until it is killed");
        try (Heap heap = Heap.open(heapFile)) {
            // The rounds carried on from each other's commits: alice has paid bob.
            assertTrue(heap.root("alice", Account.class).balance() < 100);
        }
    }

    @Test
    void aCommitBetweenTheDebitAndTheCreditIsCaught() {
        // The buggy bank spends nearly all its time between its two commits of a transfer.
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> KillTest.of(BankChild.class)
                .arguments(KillTest.HEAP, "buggy").kills(5).seed(2).killAfterOutput("open")
                .killAfter(Duration.ofMillis(30), Duration.ofMillis(200))
                .invariant(KillTestTest::totalIs200).run(dir.resolve("bank.heap")));

        assertTrue(failure.getMessage().contains("money created or lost"), failure.getMessage());
        assertTrue(failure.getMessage().contains("seed 2L"), failure.getMessage());
    }

    @Test
    void aChildThatFailsByItselfFailsTheTest() {
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, () -> KillTest.of(BankChild.class)
                .arguments(KillTest.HEAP).kills(1).killAfter(Duration.ofSeconds(30), Duration.ofSeconds(30)).run(dir.resolve("bank.heap")));

        // No second argument: the child dies of it at once.
        assertTrue(failure.getMessage().contains("exited by itself with status 1"), failure.getMessage());
        assertTrue(failure.getMessage().contains("ArrayIndexOutOfBoundsException"), failure.getMessage());
    }
}
