package dev.ferrite.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.sample.bank.Bank;
import dev.ferrite.sample.bank.BankCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the bank sample in a child JVM that halts in the middle of a transfer. */
class BankCrashTest {
    @TempDir
    Path dir;

    @Test
    void aRunHaltedMidTransferLeavesTheBankAsOfItsLastCommit() throws Exception {
        Path heapFile = dir.resolve("bank.heap");
        assertEquals(0, runBank(heapFile, "--transfers", "300", "--seed", "1"));
        assertEquals(BankCommand.CRASH_STATUS, runBank(heapFile, "--transfers", "1000", "--seed", "2", "--crash-after", "777"));

        try (Heap heap = Heap.open(heapFile)) {
            Bank bank = new Bank(heap, 100, 1_000);
            assertEquals(100_000, bank.ledger().totalMoney());
            assertEquals(100_000, bank.sumOfBalances());
            // 300 from the first run, then commits every 100 transfers up to transfer 700.
            assertEquals(1_000, bank.ledger().transfers());
        }
        assertEquals(0, runBank(heapFile, "--transfers", "50", "--seed", "3"));
    }

    private static int runBank(Path heapFile, String... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                SampleApp.class.getName(),
                "bank",
                "--heap",
                heapFile.toString()));
        command.addAll(List.of(options));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the bank did not finish: " + output);
        assertTrue(output.contains("consistent"), output);
        return process.exitValue();
    }
}
