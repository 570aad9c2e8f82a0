package dev.ferrite.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BankRunTest {
    private static long[] expected() {
        long[] expected = new long[BankRun.ACCOUNTS + 1];
        for (int a = 1; a <= BankRun.ACCOUNTS; a++) {
            expected[a] = BankRun.OPENING + (a % 2 == 0 ? 7 : -7);
        }
        return expected;
    }

    private static SortedMap<Long, Long> balances(long[] expected) {
        SortedMap<Long, Long> balances = new TreeMap<>();
        for (int a = 1; a <= BankRun.ACCOUNTS; a++) {
            balances.put((long) a, expected[a]);
        }
        return balances;
    }

    @Test
    void theBalancesTheTransfersGaveAreAccepted() {
        BankRun.check(expected(), balances(expected()));
    }

    @Test
    void aLostTransferIsCaughtEvenWhenTheMoneyStillAddsUp() {
        SortedMap<Long, Long> balances = balances(expected());
        balances.put(3L, balances.get(3L) + 50);
        balances.put(4L, balances.get(4L) - 50);
        CheckFailedException e = assertThrows(CheckFailedException.class, () -> BankRun.check(expected(), balances));
        assertEquals("account 3 holds 1000043 after reopening, not 999993", e.getMessage());
    }

    @Test
    void aMissingAccountIsCaught() {
        SortedMap<Long, Long> balances = balances(expected());
        balances.remove(16L);
        assertThrows(CheckFailedException.class, () -> BankRun.check(expected(), balances));
    }
}
