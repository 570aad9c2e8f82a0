package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.cli.fixtures.Customer;
import dev.ferrite.cli.fixtures.CustomerFlyweight;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import dev.ferrite.runtime.struct.Flyweight;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferrite verify} and {@code ferrite dump} end to end on real heap files, sound and damaged. */
class VerifyAndDumpCommandTest {
    private static final String MEMO = "first customer \u2713";
    /** Small, so that tests can read whole heap files. */
    private static final long CAPACITY = 16 << 20;

    @TempDir
    Path dir;

    /** Where the sample heap's records are. */
    private record Sample(Path file, long ada, long bob) {}

    /**
     * A heap with a root customer referring to a second one, a string-keyed map of longs (one
     * key long enough for a key block), a list of references to both customers, a map that owns
     * a third customer, and a list of longs.
     */
    private Sample sampleHeap() {
        Path file = dir.resolve("sample.heap");
        try (Heap heap = Heap.open(file, HeapOptions.builder().capacity(CAPACITY).build())) {
            Customer ada = heap.root("main", Customer.class);
            Customer bob = heap.allocate(Customer.class);
            ada.id(1);
            ada.name("Ada");
            ada.memo(MEMO);
            ada.referrer(bob);
            ada.tier(Customer.Tier.GOLD);
            ada.active(true);
            for (int i = 0; i < 3; i++) {
                ada.scores(i, i + 1);
            }
            ada.balance(12.5);
            bob.id(2);
            bob.name("Bob");
            PersistentSortedMap<String, Long> counts =
                    PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG);
            counts.putLong("a", 1);
            counts.putLong("a key longer than twenty bytes", 2);
            PersistentList<Customer> vip = PersistentList.root(heap, "vip", ValueType.reference(Customer.class));
            vip.add(ada);
            vip.add(bob);
            PersistentSortedMap<Long, Customer> byId =
                    PersistentSortedMap.root(heap, "byId", KeyType.LONG, ValueType.struct(Customer.class));
            Customer cy = byId.getOrCreate(3L);
            cy.name("Cy");
            cy.memo("owned by the map");
            PersistentList<Long> history = PersistentList.root(heap, "history", ValueType.LONG);
            history.addLong(-5);
            history.addLong(6);
            heap.commit();
            return new Sample(file, ((Flyweight) ada).offset(), ((Flyweight) bob).offset());
        }
    }

    private static void writeAt(Path file, long position, byte... bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }

    private static void writeLongAt(Path file, long position, long value) throws IOException {
        writeAt(file, position, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    /** The file offset of the first occurrence of {@code text}'s UTF-8 bytes. */
    private static long find(Path file, String text) throws IOException {
        byte[] content = Files.readAllBytes(file);
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= content.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (content[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " is not in " + file);
    }

    private static long fieldOffset(String field) {
        return CustomerFlyweight.TYPE.field(field).offset();
    }

    @Test
    void aSoundHeapVerifiesCleanAndEveryBlockIsReachable() {
        Sample sample = sampleHeap();
        Run verify = ferrite("verify", sample.file().toString());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("ok        no problems found"), verify.out());
        // 3 customers, 2 memo strings, 2 map headers + leaves + a key block, list header +
        // directory + chunk, catalog and root table: all reached
        assertTrue(verify.out().matches("(?s).*checked   (\\d+) blocks \\([\\d,]+ bytes\\): \\1 reachable, 3 records,"
                + " 2 strings.*"), verify.out());
        assertFalse(verify.err().contains("\r"), "no progress bar when not on a terminal: " + verify.err());
    }

    /** Runs {@code ferrite} in a JVM whose class path lacks the test classes, so the heap's structs are unknown to it. */
    private static Run ferriteWithoutApplicationClasses(String... args) throws IOException, InterruptedException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, FerriteCommand.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out, err);
    }

    @Test
    void verifyAndDumpNeedNoApplicationClasses() throws IOException, InterruptedException {
        Sample sample = sampleHeap();
        Run verify = ferriteWithoutApplicationClasses("verify", sample.file().toString());
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("3 records, 2 strings"), verify.out());
        Run dump = ferriteWithoutApplicationClasses("dump", sample.file().toString());
        assertEquals(0, dump.exitCode(), dump.err());
        assertTrue(dump.out().contains("    memo = \"" + MEMO + "\"\n    referrer = @" + sample.bob() + "\n"), dump.out());
    }

    @Test
    void anUnlinkedRecordIsALeakWithItsOffsetAndAdvice() {
        Sample sample = sampleHeap();
        long leaked;
        try (Heap heap = Heap.open(sample.file())) {
            leaked = ((Flyweight) heap.allocate(Customer.class)).offset();
            heap.commit();
        }
        Run verify = ferrite("verify", sample.file().toString());
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("problems  1"), verify.out());
        assertTrue(verify.out().contains("at offset " + leaked + ": [LEAK] the block at offset " + leaked + " ("),
                verify.out());
        assertTrue(verify.out().contains(" bytes, a dev.ferrite.cli.fixtures.Customer) is allocated but not reachable"
                + " from any root"), verify.out());
        assertTrue(verify.out().contains("what to do\n  LEAK: leaked blocks waste space"), verify.out());
    }

    @Test
    void aRecordFreedWhileReferencedLeavesDanglingReferences() {
        Sample sample = sampleHeap();
        try (Heap heap = Heap.open(sample.file())) {
            heap.free(heap.root("main", Customer.class).referrer());
            heap.commit();
        }
        Run verify = ferrite("verify", sample.file().toString());
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("[REFERENCE] dev.ferrite.cli.fixtures.Customer record at offset "
                + sample.ada() + ", field referrer: refers to offset " + sample.bob()
                + ", where no allocated block starts (freed while still referenced?)"), verify.out());
        assertTrue(verify.out().contains("element 1: refers to offset " + sample.bob()), verify.out());
        assertTrue(verify.out().contains("REFERENCE: references are damaged or dangling"), verify.out());
    }

    @Test
    void theAdviceSuggestsARollbackOnlyWhenTheHeapRetainsAnEarlierCommit() {
        Sample sample = sampleHeap();
        try (Heap heap = Heap.open(sample.file())) {
            heap.free(heap.root("main", Customer.class).referrer());
            heap.commit();
        }
        Run none = ferrite("verify", sample.file().toString());
        assertEquals(1, none.exitCode(), none.out() + none.err());
        assertFalse(none.out().contains("rollback"), "no commit to roll back to: " + none.out());
        assertTrue(none.out().contains("REFERENCE: references are damaged or dangling (a record was freed while still"
                + " referenced; check that the application clears references before it frees records): the heap"
                + " retains no earlier commit to roll back to, so restore the file from a backup"), none.out());

        Path retained = dir.resolve("retained.heap");
        long before;
        try (Heap heap = Heap.open(retained, HeapOptions.builder().capacity(CAPACITY).retainVersions(3).build())) {
            Customer ada = heap.root("main", Customer.class);
            ada.referrer(heap.allocate(Customer.class));
            before = heap.commit();
            heap.free(ada.referrer());
            heap.commit();
        }
        Run some = ferrite("verify", retained.toString());
        assertEquals(1, some.exitCode(), some.out() + some.err());
        String command = "`ferrite rollback " + retained + " --to <n>`, where <n> is one of [" + before;
        assertTrue(some.out().contains(command), some.out());
        String n = some.out().substring(some.out().indexOf(command) + command.length() - String.valueOf(before).length())
                .split("[],]")[0];
        Run rollback = ferrite("rollback", retained.toString(), "--to", n);
        assertEquals(0, rollback.exitCode(), rollback.out() + rollback.err());
        assertEquals(0, ferrite("verify", retained.toString()).exitCode(), "the suggested command works");
    }

    @Test
    void bytesFlippedInTheRecordAreaAreFoundWithTheirOffsets() throws IOException {
        Sample sample = sampleHeap();
        long memoBytes = find(sample.file(), MEMO);
        writeAt(sample.file(), memoBytes + 2, (byte) 0xFF);
        writeLongAt(sample.file(), sample.ada() + fieldOffset("referrer"), sample.bob() + 4);
        writeAt(sample.file(), sample.ada() + fieldOffset("active"), (byte) 7);

        Run verify = ferrite("verify", sample.file().toString());
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        String ada = "dev.ferrite.cli.fixtures.Customer record at offset " + sample.ada();
        assertTrue(verify.out().contains(ada + ", field referrer: refers to offset " + (sample.bob() + 4)
                + ", which is not 8-aligned"), verify.out());
        assertTrue(verify.out().contains(ada + ", field active: boolean byte 7"), verify.out());
        assertTrue(verify.out().contains("[STRING] the string at offset " + (memoBytes - 12) + " is not valid UTF-8"),
                verify.out());
        // bob is now reached only through the list, so he is no leak
        assertFalse(verify.out().contains("[LEAK]"), verify.out());
    }

    @Test
    void aWrongTypeReferenceAnImpossibleEnumCodeAndABrokenMapAreFound() throws IOException {
        Sample sample = sampleHeap();
        long map;
        try (Heap heap = Heap.open(sample.file(), HeapOptions.builder().readOnly(true).build())) {
            map = PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG).handle();
        }
        writeLongAt(sample.file(), sample.ada() + fieldOffset("referrer"), map);
        writeAt(sample.file(), sample.ada() + fieldOffset("tier"), (byte) 9);
        writeLongAt(sample.file(), map + 24, 99);

        Run verify = ferrite("verify", sample.file().toString());
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        String ada = "dev.ferrite.cli.fixtures.Customer record at offset " + sample.ada();
        assertTrue(verify.out().contains(ada + ", field referrer: refers to offset " + map
                + ", which holds a ferrite.SortedMap, not a dev.ferrite.cli.fixtures.Customer"), verify.out());
        assertTrue(verify.out().contains(ada + ", field tier: enum code 9 is not one of the 2 constants"),
                verify.out());
        assertTrue(verify.out().contains("at offset " + map + ": [COLLECTION] the sorted map at offset " + map
                + ": header at " + map + " counts 99 entries, the leaves hold 2"), verify.out());
        assertTrue(verify.out().contains("COLLECTION: a runtime collection is damaged"), verify.out());
    }

    @Test
    void aCollectionWhoseHandleIsKeptInALongFieldIsNoLeak() {
        Sample sample = sampleHeap();
        try (Heap heap = Heap.open(sample.file())) {
            PersistentSortedMap<Long, Long> index = PersistentSortedMap.create(heap, KeyType.LONG, ValueType.LONG);
            index.putLong(7L, 8);
            heap.root("main", Customer.class).referrer().id(index.handle());
            heap.commit();
        }
        Run verify = ferrite("verify", sample.file().toString());
        assertEquals(0, verify.exitCode(), verify.out());
        try (Heap heap = Heap.open(sample.file())) {
            heap.root("main", Customer.class).referrer().id(2);
            heap.commit();
        }
        Run leaked = ferrite("verify", sample.file().toString());
        assertEquals(1, leaked.exitCode(), leaked.out());
        assertTrue(leaked.out().contains("a ferrite.SortedMap) is allocated but not reachable from any root"),
                leaked.out());
        assertTrue(leaked.out().contains("a ferrite.SortedMap.Leaf) is allocated but not reachable"), leaked.out());
    }

    @Test
    void aDamagedHeaderCopyIsReportedWhileTheOtherKeepsTheHeapReadable() throws IOException {
        Sample sample = sampleHeap();
        writeAt(sample.file(), 2048 + 16, (byte) 0x7F);
        Run verify = ferrite("verify", sample.file().toString());
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.out().contains("at offset 0: [HEADER] header copy at offset 2048 fails its checksum"),
                verify.out());
        assertTrue(verify.out().contains("problems  1"), verify.out());
        assertTrue(verify.out().contains("HEADER: one header copy is damaged"), verify.out());
    }

    @Test
    void randomDamageInTheDataPagesIsReportedOrRefusedNeverACrash() throws IOException {
        Sample sample = sampleHeap();
        long extent;
        try (Heap heap = Heap.open(sample.file(), HeapOptions.builder().readOnly(true).build())) {
            extent = heap.info().extent();
        }
        // The data pages start after page 0 and a 64-byte page table entry per page of the heap's
        // first region, which holds the whole sample.
        assertTrue(extent <= HeapOptions.INITIAL_SIZE, "the sample fits in the first region: " + extent);
        long dataStart = 4096 + HeapOptions.INITIAL_SIZE / 4096 * 64;
        Random random = new Random(20261123);
        int found = 0;
        for (int round = 0; round < 40; round++) {
            long[] positions = new long[1 + random.nextInt(4)];
            byte[] original = new byte[positions.length];
            try (FileChannel channel = FileChannel.open(sample.file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                for (int i = 0; i < positions.length; i++) {
                    positions[i] = dataStart + (long) (random.nextDouble() * (extent - dataStart));
                    ByteBuffer one = ByteBuffer.allocate(1);
                    channel.read(one, positions[i]);
                    original[i] = one.get(0);
                    channel.write(ByteBuffer.wrap(new byte[] {(byte) (original[i] ^ (1 << random.nextInt(8)))}),
                            positions[i]);
                }
            }
            Run verify = ferrite("verify", sample.file().toString());
            String what = "round " + round + ", flipped " + Arrays.toString(positions) + ":\n" + verify.out() + verify.err();
            switch (verify.exitCode()) {
                case 0 -> assertEquals("", verify.err(), what);
                case 1 -> {
                    assertEquals("", verify.err(), what);
                    assertFalse(verify.out().contains("failed: "), "a check threw: " + what);
                    found++;
                }
                case 3 -> assertTrue(verify.err().contains("restore the file from a backup"), what);
                default -> throw new AssertionError("exit code " + verify.exitCode() + ", " + what);
            }
            try (FileChannel channel = FileChannel.open(sample.file(), StandardOpenOption.WRITE)) {
                for (int i = 0; i < positions.length; i++) {
                    channel.write(ByteBuffer.wrap(new byte[] {original[i]}), positions[i]);
                }
            }
        }
        assertTrue(found > 0, "some damage must be found");
        assertEquals(0, ferrite("verify", sample.file().toString()).exitCode(), "the restored heap is sound again");
    }

    @Test
    void aStringReferencedByTwoFieldsIsAProblem() throws IOException {
        Sample sample = sampleHeap();
        long memo = sample.ada() + fieldOffset("memo");
        long string = ByteBuffer.wrap(Files.readAllBytes(sample.file()), (int) memo, 8).order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        writeLongAt(sample.file(), sample.bob() + fieldOffset("memo"), string);
        Run verify = ferrite("verify", sample.file().toString());
        assertEquals(1, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("problems  1"), verify.out());
        assertTrue(verify.out().contains("field memo: refers to the string at offset " + string
                + ", which another field refers to as well"), verify.out());
    }

    @Test
    void damagedMetadataMakesTheHeapUnreadable() throws IOException {
        Sample sample = sampleHeap();
        long dataPage = sample.ada() >>> 12;
        writeAt(sample.file(), 4096 + dataPage * 64 + 20, (byte) 0x5A, (byte) 0xA5);
        Run verify = ferrite("verify", sample.file().toString());
        assertEquals(3, verify.exitCode(), verify.out() + verify.err());
        assertTrue(verify.err().contains(sample.file().toString()), verify.err());
        assertTrue(verify.err().contains("page table entry of page " + dataPage), verify.err());
        assertTrue(verify.err().contains("restore the file from a backup"), verify.err());
        assertEquals(3, ferrite("dump", sample.file().toString()).exitCode());
    }

    @Test
    void aFileThatIsNotAHeapOrIsMissingIsUnreadable() throws IOException {
        Path garbage = dir.resolve("garbage.heap");
        byte[] bytes = new byte[64 * 1024];
        new Random(7).nextBytes(bytes);
        Files.write(garbage, bytes);
        Run verify = ferrite("verify", garbage.toString());
        assertEquals(3, verify.exitCode());
        assertTrue(verify.err().contains(garbage.toString()), verify.err());
        Run missing = ferrite("verify", dir.resolve("missing.heap").toString());
        assertEquals(3, missing.exitCode());
        assertTrue(missing.err().contains("no such heap file"), missing.err());
        assertEquals(3, ferrite("dump", "--json", dir.resolve("missing.heap").toString()).exitCode());
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertEquals(2, ferrite("verify").exitCode());
        assertEquals(2, ferrite("verify", "a.heap", "b.heap").exitCode());
        assertEquals(2, ferrite("dump").exitCode());
        Run unknownOption = ferrite("dump", "--yaml", "a.heap");
        assertEquals(2, unknownOption.exitCode());
        assertTrue(unknownOption.err().contains("--yaml"), unknownOption.err());
    }

    @Test
    void dumpPrintsRootsAndDecodedFieldsAsText() {
        Sample sample = sampleHeap();
        Run dump = ferrite("dump", sample.file().toString());
        assertEquals(0, dump.exitCode(), dump.err());
        assertTrue(dump.out().contains("  main -> dev.ferrite.cli.fixtures.Customer @" + sample.ada()), dump.out());
        assertTrue(dump.out().matches("(?s).*  counts -> ferrite.SortedMap @\\d+\n    \"a\" = 1\n"
                + "    \"a key longer than twenty bytes\" = 2\n.*"), dump.out());
        assertTrue(dump.out().matches("(?s).*  history -> ferrite.List @\\d+\n    0 = -5\n    1 = 6\n.*"), dump.out());
        assertTrue(dump.out().contains("  vip -> ferrite.List @" + dump.out().split("vip -> ferrite.List @")[1]
                .lines().findFirst().orElseThrow() + "\n    0 = @" + sample.ada() + "\n    1 = @" + sample.bob() + "\n"),
                "a list of references is dumped with the offsets of the records it refers to: " + dump.out());
        assertTrue(dump.out().contains("  dev.ferrite.cli.fixtures.Customer @" + sample.ada() + " v1\n"
                + "    id = 1\n"
                + "    name = \"Ada\"\n"
                + "    memo = \"" + MEMO + "\"\n"
                + "    referrer = @" + sample.bob() + "\n"
                + "    tier = GOLD\n"
                + "    active = true\n"
                + "    scores = [1, 2, 3]\n"
                + "    balance = 12.5\n"), dump.out());
        assertTrue(dump.out().contains("  dev.ferrite.cli.fixtures.Customer @" + sample.bob() + " v1\n"
                + "    id = 2\n"
                + "    name = \"Bob\"\n"
                + "    memo = null\n"
                + "    referrer = null\n"
                + "    tier = null\n"), dump.out());
    }

    @Test
    void anEmptyHeapDumpsAndVerifiesAsEmpty() {
        Path file = dir.resolve("empty.heap");
        Heap.open(file).close();
        Run json = ferrite("dump", "--json", file.toString());
        assertEquals(0, json.exitCode(), json.err());
        assertEquals("{\n  \"heap\": \"" + file + "\",\n  \"roots\": [],\n  \"records\": []\n}\n", json.out());
        Run text = ferrite("dump", file.toString());
        assertEquals("roots     0\nrecords\n", text.out());
        Run verify = ferrite("verify", file.toString());
        assertEquals(0, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("checked   0 blocks (0 bytes): 0 reachable, 0 records, 0 strings"), verify.out());
    }

    @Test
    void dumpJsonHoldsTheSameRecords() {
        Sample sample = sampleHeap();
        Run dump = ferrite("dump", sample.file().toString(), "--json");
        assertEquals(0, dump.exitCode(), dump.err());
        String json = dump.out();
        assertTrue(json.startsWith("{\n  \"heap\": \"" + sample.file() + "\",\n  \"roots\": [\n"), json);
        assertTrue(json.contains("""
                    {
                      "name": "main",
                      "type": "dev.ferrite.cli.fixtures.Customer",
                      "offset": %d
                    }""".formatted(sample.ada()).indent(4).stripTrailing()), json);
        assertTrue(json.contains("""
                      "offset": %d,
                      "type": "dev.ferrite.cli.fixtures.Customer",
                      "version": 1,
                      "fields": {
                        "id": 1,
                        "name": "Ada",
                        "memo": "%s",
                        "referrer": %d,
                        "tier": "GOLD",
                        "active": true,
                        "scores": [1, 2, 3],
                        "balance": 12.5
                      }""".formatted(sample.ada(), MEMO, sample.bob()).indent(6).stripTrailing()), json);
        assertTrue(json.contains("\"memo\": null,\n        \"referrer\": null,"), json);
        assertTrue(json.contains("""
                      "entries": [
                        {
                          "key": "a",
                          "value": 1
                        },
                        {
                          "key": "a key longer than twenty bytes",
                          "value": 2
                        }
                      ]""".indent(6).stripTrailing()), json);
        assertTrue(json.contains("\"index\": 1,\n          \"value\": 6"), json);
        assertTrue(json.endsWith("]\n}\n"), json);
    }
}
