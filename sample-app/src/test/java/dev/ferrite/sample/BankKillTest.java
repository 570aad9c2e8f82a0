package dev.ferrite.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.test.KillReport;
import dev.ferrite.test.KillTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample app's {@code bank} command, SIGKILLed at random instants while it transfers. */
class BankKillTest {
    @TempDir
    Path dir;

    @Test
    void theBankIsWholeAfterEveryKill() {
        KillReport report = KillTest.of(SampleApp.class)
                .arguments("bank", "--heap", KillTest.HEAP, "--accounts", "4", "--transfers", "1000000000",
                        "--commit-every", "1", "--seed", "5")
                .killAfterOutput("opened:")
                .killAfter(Duration.ZERO, Duration.ofMillis(300))
                .kills(3)
                .seed(3)
                .invariant(BankPowerCutTest::booksBalance)
                .run(dir.resolve("bank.heap"));

        assertEquals(3, report.killed(), "a billion transfers take longer than the test waits");
    }
}
