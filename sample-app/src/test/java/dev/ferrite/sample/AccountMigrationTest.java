package dev.ferrite.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.Migration;
import dev.ferrite.sample.bank.Account;
import dev.ferrite.sample.bank.AccountFlyweight;
import dev.ferrite.sample.bank.AccountStatus;
import dev.ferrite.test.MigrationTester;
import dev.ferrite.test.SchemaHeap;
import dev.ferrite.test.SchemaRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Banks written by the first release hold accounts of version 1, which exists only in the
 * exported schema folder (src/main/schemas); they migrate to the compiled version 2.
 */
class AccountMigrationTest {
    private static final String ACCOUNT = "dev.ferrite.sample.bank.Account";

    @TempDir
    Path dir;

    @Test
    void accountsOfVersion1MigrateToVersion2() {
        Path heapFile = dir.resolve("bank.heap");
        MigrationTester tester = MigrationTester.of(Path.of("src/main/schemas"));
        try (SchemaHeap old = tester.createHeap(heapFile)) {
            SchemaRecord payee = old.record(ACCOUNT, 1, Map.of("id", 2L, "owner", "Grace", "balance", 50L));
            old.root("ada", ACCOUNT, 1, Map.of("id", 1L, "owner", "Ada", "balance", 1_000L, "status", "FROZEN",
                    "lastPayee", payee));
        }

        Migration.Result result = tester.migrate(heapFile, List.of(AccountFlyweight.TYPE));

        Migration.TypePlan account = result.plan().types().stream().filter(type -> type.schemaName().equals(ACCOUNT))
                .findFirst().orElseThrow();
        assertEquals(1, account.storedVersion());
        assertEquals(2, account.targetVersion());
        // A field added in the reserve: the catalog learns the new layout, the records stay as they are.
        assertEquals(Migration.Action.CATALOG_ONLY, account.action(), result.toString());
        try (Heap heap = Heap.open(heapFile)) {
            Account ada = heap.root("ada", Account.class);
            assertEquals(1, ada.id());
            assertEquals("Ada", ada.owner());
            assertEquals(1_000, ada.balance());
            assertEquals(AccountStatus.FROZEN, ada.status());
            assertEquals(0, ada.overdraftLimit(), "a field of version 2 reads as its default in older records");
            assertEquals("Grace", ada.lastPayee().owner());
            assertEquals(50, ada.lastPayee().balance());
        }
    }
}
