package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.cli.fixtures.Customer;
import dev.ferrite.runtime.Heap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ferrite compact}: the dry run says how far the file's size would come down and changes
 * nothing; the compaction cuts the file and says so; {@code info} shows the logical size, the disk
 * usage, and the live and free bytes.
 */
class CompactCommandTest {
    @TempDir
    Path dir;

    @Test
    void theDryRunReportsTheFileSizeTheCompactionThenCutsTheFileTo() throws IOException {
        Path file = dir.resolve("grown.heap");
        try (Heap heap = Heap.open(file)) {
            Customer main = heap.root("main", Customer.class);
            main.memo("kept");
            List<Customer> large = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                Customer c = heap.allocate(Customer.class);
                c.memo("large " + i + "x".repeat(160_000));
                large.add(c);
            }
            heap.commit();
            for (Customer c : large) {
                heap.free(c);
            }
            heap.commit();
        }
        long before = Files.size(file);
        byte[] bytes = Files.readAllBytes(file);

        Run plan = ferrite("compact", file.toString(), "--dry-run");
        assertEquals(0, plan.exitCode(), plan.err());
        String planned = line(plan.out(), "file ");
        assertTrue(planned.startsWith(String.format("file      %,d bytes, at most ", before)), plan.out());
        long plannedSize = Long.parseLong(planned.replaceAll(".*at most ([0-9,]+) after.*", "$1").replace(",", ""));
        assertTrue(plannedSize < before, plan.out());
        assertEquals(-1, Files.mismatch(file, writeCopy(bytes)), "the dry run changed the file");

        Run compact = ferrite("compact", file.toString());
        assertEquals(0, compact.exitCode(), compact.err());
        long after = Files.size(file);
        assertTrue(after <= plannedSize, after + " > " + plannedSize);
        assertEquals(String.format("file      %,d -> %,d bytes", before, after), line(compact.out(), "file "),
                compact.out());

        Run info = ferrite("info", file.toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(line(info.out(), "file ").startsWith(String.format("file      %,d bytes, ", after)), info.out());
        assertTrue(info.out().contains("\nlive      ") && info.out().contains("\nfree      "), info.out());
        assertEquals(0, ferrite("verify", file.toString()).exitCode());
        try (Heap heap = Heap.open(file)) {
            assertEquals("kept", heap.root("main", Customer.class).memo());
        }
    }

    private Path writeCopy(byte[] bytes) throws IOException {
        return Files.write(dir.resolve("copy.heap"), bytes);
    }

    private static String line(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).findFirst().orElse("(no line starting \"" + start + "\")");
    }
}
