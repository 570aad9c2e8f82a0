package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.cli.fixtures.Customer;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.json.Json;
import dev.ferrite.runtime.struct.Flyweight;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code info --json} and {@code verify --json}: documents a program can parse, with the text's facts and exit codes. */
class JsonOutputTest {
    @TempDir
    Path dir;

    private Path heapWithTwoCustomers() {
        Path file = dir.resolve("json.heap");
        try (Heap heap = Heap.open(file, HeapOptions.builder().capacity(16 << 20).build())) {
            Customer ada = heap.root("main", Customer.class);
            ada.name("Ada");
            ada.referrer(heap.allocate(Customer.class));
            heap.commit();
        }
        return file;
    }

    private static Map<?, ?> parse(Run run) {
        try {
            return (Map<?, ?>) Json.parse(run.out());
        } catch (Json.ParseException e) {
            throw new AssertionError("not JSON: " + run.out(), e);
        }
    }

    @Test
    void infoAsJsonHasTheRootsTypesAndCommit() {
        Path file = heapWithTwoCustomers();
        Run info = ferrite("info", file.toString(), "--json");
        assertEquals(0, info.exitCode(), info.err());
        Map<?, ?> document = parse(info);
        assertEquals(file.toString(), document.get("heap"));
        assertEquals(1L, ((Number) document.get("commit")).longValue());
        assertEquals(List.of("main"), document.get("roots"));
        Map<?, ?> customer = (Map<?, ?>) ((List<?>) document.get("types")).getFirst();
        assertEquals("dev.ferrite.cli.fixtures.Customer", customer.get("schemaName"));
        assertEquals(2L, ((Number) customer.get("records")).longValue());
        assertTrue(((Number) document.get("allocatedBytes")).longValue() > 0);
    }

    @Test
    void infoReportsTheFileSizeItsDiskUsageAndTheLiveAndFreeBytes() throws Exception {
        Path file = dir.resolve("space.heap");
        try (Heap heap = Heap.open(file, HeapOptions.builder().capacity(16 << 20).build())) {
            Customer root = heap.root("main", Customer.class);
            List<Customer> many = new java.util.ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                many.add(heap.allocate(Customer.class));
            }
            root.referrer(many.getFirst());
            heap.commit();
            many.subList(1, many.size()).forEach(heap::free);
            heap.commit();
        }
        Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).start();
        long disk = Long.parseLong(new String(stat.getInputStream().readAllBytes()).trim()) * 512;
        assertEquals(0, stat.waitFor());

        Run info = ferrite("info", file.toString(), "--json");
        assertEquals(0, info.exitCode(), info.err());
        Map<?, ?> document = parse(info);
        Map<?, ?> space = (Map<?, ?>) document.get("space");
        assertEquals(16L << 20, ((Number) document.get("capacity")).longValue());
        long size = ((Number) document.get("size")).longValue();
        assertTrue(size < 16L << 20, "the heap grows as it needs, not to its capacity: " + size);
        assertEquals(size, ((Number) space.get("fileSize")).longValue());
        assertEquals(disk, ((Number) space.get("diskUsage")).longValue());
        assertEquals(document.get("allocatedBytes"), space.get("liveBytes"));
        long freePages = ((Number) space.get("freePageBytes")).longValue();
        assertTrue(freePages >= 4096 * 50, "the freed customers' pages: " + space);
        assertTrue(((Number) space.get("freeBytes")).longValue() >= freePages, space.toString());

        Run text = ferrite("info", file.toString());
        assertTrue(text.out().contains(String.format("file      %,d bytes, %,d on disk", size, disk)), text.out());
        assertTrue(text.out().contains(String.format("free      %,d bytes (%,d in whole pages)",
                ((Number) space.get("freeBytes")).longValue(), freePages)), text.out());
    }

    @Test
    void verifyAsJsonListsProblemsWithOffsetsAndKeepsTheExitCode() {
        Path file = heapWithTwoCustomers();
        Run clean = ferrite("verify", file.toString(), "--json");
        assertEquals(0, clean.exitCode(), clean.err());
        Map<?, ?> sound = parse(clean);
        assertEquals(true, sound.get("clean"));
        assertEquals(2L, ((Number) sound.get("records")).longValue());
        assertEquals(List.of(), sound.get("problems"));

        long leaked;
        try (Heap heap = Heap.open(file)) {
            leaked = ((Flyweight) heap.allocate(Customer.class)).offset();
            heap.commit();
        }
        Run leaking = ferrite("verify", file.toString(), "--json");
        assertEquals(1, leaking.exitCode(), leaking.out() + leaking.err());
        Map<?, ?> report = parse(leaking);
        assertEquals(false, report.get("clean"));
        Map<?, ?> problem = (Map<?, ?>) ((List<?>) report.get("problems")).getFirst();
        assertEquals("LEAK", problem.get("kind"));
        assertEquals(leaked, ((Number) problem.get("offset")).longValue());
        assertTrue(((Map<?, ?>) report.get("advice")).containsKey("LEAK"), leaking.out());
    }

    @Test
    void verifyAsJsonOfAFileThatIsNoHeapSaysWhyAndExitsThree() throws IOException {
        Path file = dir.resolve("not.heap");
        Files.write(file, new byte[8192]);
        Run run = ferrite("verify", file.toString(), "--json");
        assertEquals(3, run.exitCode(), run.out() + run.err());
        Map<?, ?> document = parse(run);
        assertEquals(false, document.get("clean"));
        assertTrue(document.get("error").toString().contains(file.toString()), run.out());
    }
}
