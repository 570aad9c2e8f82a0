package dev.ferrite.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.fams.Durability;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The bank's accounts and the word counts, in every store Ferrite included, hold exactly what was committed after reopening. */
class WorkloadStoresTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Store.class)
    void accountsHoldTheCommittedBalances(Store store) {
        try (Accounts accounts = store.accounts(dir, Durability.SYNC)) {
            accounts.create(3, 100);
            accounts.commit();
            accounts.balance(1, accounts.balance(1) - 40);
            accounts.balance(3, accounts.balance(3) + 40);
            accounts.commit();
            accounts.balance(2, 0);
        }
        try (Accounts accounts = store.accounts(dir, Durability.SYNC)) {
            assertEquals(Map.of(1L, 60L, 2L, 100L, 3L, 140L), accounts.balances());
        }
    }

    @ParameterizedTest
    @EnumSource(Store.class)
    void wordCountsHoldTheCommittedCounts(Store store) {
        try (WordCounts counts = store.wordCounts(dir, Durability.ASYNC)) {
            counts.increment("to");
            counts.increment("be");
            counts.increment("to");
            counts.commit();
            counts.increment("or");
        }
        try (WordCounts counts = store.wordCounts(dir, Durability.ASYNC)) {
            assertEquals(Map.of("be", 1L, "to", 2L), counts.counts());
        }
    }
}
