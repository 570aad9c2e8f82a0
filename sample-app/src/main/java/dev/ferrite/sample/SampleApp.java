package dev.ferrite.sample;

import dev.ferrite.sample.bank.BankCommand;
import dev.ferrite.sample.wordfreq.WordFreqCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The Ferrite samples. Without a command it runs a short tour: the bank, then word
 * frequencies of a sonnet; run it twice to see the state of the first run carried into the
 * second.
 */
@Command(
        name = "ferrite-sample-app",
        mixinStandardHelpOptions = true,
        version = "ferrite samples 0.1.0-SNAPSHOT",
        description = "Samples of persistent-memory programming with Ferrite.",
        subcommands = {BankCommand.class, WordFreqCommand.class})
public final class SampleApp implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the samples with {@code args}; returns the exit status. */
    public static int run(String... args) {
        return new CommandLine(new SampleApp()).execute(args);
    }

    @Override
    public Integer call() throws IOException {
        System.out.println("== bank: 2,000 transfers between 100 accounts, committed every 100 ==");
        int status = run("bank", "--transfers", "2000");
        if (status != 0) {
            return status;
        }
        System.out.println();
        System.out.println("== wordfreq: the words of Shakespeare's Sonnet 18, added to earlier runs ==");
        Path sonnet = Files.createTempFile("sonnet-18", ".txt");
        try (InputStream text = SampleApp.class.getResourceAsStream("sonnet-18.txt")) {
            Files.copy(text, sonnet, StandardCopyOption.REPLACE_EXISTING);
            status = run("wordfreq", "--top", "5", sonnet.toString());
        } finally {
            Files.delete(sonnet);
        }
        System.out.println();
        System.out.println("Run again to see both heaps carry on; `--help`, `bank --help` and `wordfreq --help` list the options.");
        return status;
    }
}
