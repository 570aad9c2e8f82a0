package dev.ferrite.test;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.test.structs.Account;
import org.junit.jupiter.api.Test;

/**
 * Power cuts from the very creation of a heap (no {@link PowerCuts#startingFrom} step): in the
 * default write-ahead mode, every state a cut leaves either has no bank yet or the whole bank,
 * and the transfers after it keep the money.
 */
class CreationCutsTest {
    @Test
    void aBankCreatedAndUsedUnderPowerCutsKeepsItsMoney() {
        PowerCutReport report = PowerCuts.of(heapFile -> {
            try (Heap heap = Heap.open(heapFile)) {
                heap.root("alice", Account.class).balance(100);
                heap.root("bob", Account.class).balance(100);
                heap.commit();
                Account alice = heap.root("alice", Account.class);
                Account bob = heap.root("bob", Account.class);
                alice.balance(alice.balance() - 10);
                bob.balance(bob.balance() + 10);
                heap.commit();
            }
        }).invariant(PowerCutsTest::totalIs200).seed(7).run();
        assertTrue(report.crashPoints() >= 3, report.toString());
    }
}
