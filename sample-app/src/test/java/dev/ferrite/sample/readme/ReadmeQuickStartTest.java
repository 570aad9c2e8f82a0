package dev.ferrite.sample.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.Heap;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quick start, run as written, so that it cannot rot. */
class ReadmeQuickStartTest {
    @TempDir
    Path dir;

    @Test
    void theQuickStartKeepsTheBalanceAcrossRuns() {
        Path file = dir.resolve("bank.heap");
        for (int run = 0; run < 3; run++) {
            quickStart(file);
        }
        try (Heap heap = Heap.open(file)) {
            assertEquals(300, heap.root("main", Account.class).balance());
        }
    }

    private static void quickStart(Path file) {
        // As in README.md, with the file name as a parameter.
        try (Heap heap = Heap.open(file)) {
            Account a = heap.root("main", Account.class);   // created on first use
            a.balance(a.balance() + 100);
            heap.commit();                                  // failure-atomic: all or nothing
        }
    }

    @Test
    void generatedConstantsDescribeTheLayout() {
        assertEquals(1, AccountFlyweight.VERSION);
        assertEquals(AccountFlyweight.SIZE, AccountFlyweight.LAYOUT.byteSize());
        assertEquals(AccountFlyweight.TYPE, dev.ferrite.runtime.struct.StructType.of(Account.class));
    }
}
