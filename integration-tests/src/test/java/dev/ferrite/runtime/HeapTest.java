package dev.ferrite.runtime;

import static dev.ferrite.testing.CompiledVersion.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.testing.Account;
import dev.ferrite.runtime.testing.AccountVersions;
import dev.ferrite.runtime.testing.Counter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapTest {
    private static final HeapOptions SMALL = HeapOptions.builder().capacity(4 << 20).build();

    @TempDir
    Path dir;

    private Path heapFile() {
        return dir.resolve("test.heap");
    }

    @Test
    void rootsReferencesAndStringsSurviveARestart() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account main = heap.root("main", Account.class);
            Account friend = heap.allocate(Account.class);
            friend.id(2);
            friend.memo("ünïcödé ✓");
            main.id(1);
            main.referrer(friend);
            heap.root("count", Counter.class).value(10);
            heap.commit();
        }
        try (Heap heap = Heap.open(heapFile())) {
            assertEquals(Set.of("count", "main"), heap.rootNames());
            Account main = heap.root("main", Account.class);
            assertEquals(1, main.id());
            assertEquals(2, main.referrer().id());
            assertEquals("ünïcödé ✓", main.referrer().memo());
            assertEquals(10, heap.findRoot("count", Counter.class).orElseThrow().value());
            assertEquals(Optional.empty(), heap.findRoot("absent", Counter.class));
            assertEquals(4 << 20, heap.info().capacity(), "an existing heap keeps its capacity");
        }
    }

    @Test
    void toolsReadRecordsWithoutTheApplicationsClasses() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account main = heap.root("main", Account.class);
            main.id(12);
            main.memo("read me");
            heap.root("count", Counter.class).value(5);
            heap.commit();
        }
        try (Heap heap = Heap.open(heapFile(), HeapOptions.builder().readOnly(true).build())) {
            List<String> seen = new ArrayList<>();
            heap.forEachRecord(record -> {
                StringBuilder text = new StringBuilder(record.schemaName() + " v" + record.version());
                for (var field : record.fields()) {
                    long value = record.bytes().get(LittleEndian.LONG, field.offset());
                    text.append(' ').append(field.name()).append('=')
                            .append(field.kind() == dev.ferrite.runtime.struct.FieldKind.STRING ? heap.readString(value) : value);
                }
                seen.add(text.toString());
            });
            assertEquals(Set.of("test.Account v1 id=12 balance=0 memo=read me referrer=0", "test.Counter v1 value=5"),
                    Set.copyOf(seen));
            assertEquals(2, seen.size());
        }
    }

    @Test
    void closeWithoutCommitLosesTheChanges() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            heap.root("main", Account.class).id(1);
            heap.commit();
            heap.root("main", Account.class).id(2);
            heap.root("uncommitted", Counter.class);
        }
        try (Heap heap = Heap.open(heapFile())) {
            assertEquals(1, heap.root("main", Account.class).id());
            assertEquals(Set.of("main"), heap.rootNames());
        }
    }

    @Test
    void rollbackRestoresRecordsRootsAndTheAllocator() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Account main = heap.root("main", Account.class);
            main.id(1);
            long first = heap.commit();
            HeapInfo before = heap.info();
            main.id(99);
            main.memo("gone");
            for (int i = 0; i < 100; i++) {
                heap.allocate(Counter.class);
            }
            heap.root("temporary", Counter.class);
            heap.rollback();
            assertEquals(1, main.id());
            assertNull(main.memo());
            assertEquals(Set.of("main"), heap.rootNames());
            assertEquals(before.allocatedBlocks(), heap.info().allocatedBlocks());
            assertEquals(before.allocatedBytes(), heap.info().allocatedBytes());
            heap.allocate(Counter.class).value(5);
            assertTrue(heap.commit() > first);
        }
    }

    @Test
    void retainedVersionsCanBeRolledBackTo() {
        HeapOptions retaining = HeapOptions.builder().capacity(4 << 20).retainVersions(4).build();
        try (Heap heap = Heap.open(heapFile(), retaining)) {
            Counter counter = heap.root("counter", Counter.class);
            List<Long> commits = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                counter.value(i);
                commits.add(heap.commit());
            }
            assertTrue(heap.versions().containsAll(commits), heap.versions().toString());
            heap.rollbackTo(commits.getFirst());
            assertEquals(1, heap.root("counter", Counter.class).value());
        }
    }

    @Test
    void aRollbackToTheLastCommitDropsTheGrowthOfUncommittedAllocations() throws IOException {
        HeapOptions retaining = HeapOptions.builder().capacity(64 << 20).retainVersions(2).build();
        long committedFile;
        long last;
        try (Heap heap = Heap.open(heapFile(), retaining)) {
            heap.root("counter", Counter.class).value(7);
            last = heap.commit();
            committedFile = Files.size(heapFile());
            for (int i = 0; Files.size(heapFile()) == committedFile; i++) {
                assertTrue(i < 1_000_000, "the heap never grew");
                heap.allocate(Account.class);
            }
            heap.rollbackTo(last);
            heap.root("counter", Counter.class).value(8);
            heap.commit();
        }
        assertEquals(committedFile, Files.size(heapFile()), "the uncommitted growth is gone");
        try (Heap heap = Heap.open(heapFile(), retaining)) {
            assertEquals(8, heap.root("counter", Counter.class).value());
            assertEquals(List.of(), heap.verify());
        }
    }

    @Test
    void readOnlyHeapReadsButRefusesWrites() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            heap.root("main", Account.class).memo("hello");
            heap.commit();
        }
        HeapOptions readOnly = HeapOptions.builder().readOnly(true).build();
        try (Heap heap = Heap.open(heapFile(), readOnly)) {
            Account main = heap.root("main", Account.class);
            assertEquals("hello", main.memo());
            assertThrows(IllegalStateException.class, () -> heap.allocate(Account.class));
            assertThrows(IllegalStateException.class, () -> heap.root("other", Account.class));
            assertThrows(IllegalStateException.class, () -> main.memo("changed"));
            assertThrows(IllegalArgumentException.class, () -> main.id(3), "the mapping is read-only");
            assertThrows(IllegalStateException.class, heap::commit);
        }
        assertThrows(FerriteException.class, () -> Heap.open(dir.resolve("absent.heap"), readOnly));
        assertTrue(Files.notExists(dir.resolve("absent.heap")));
    }

    @Test
    void secondWriterProcessIsLockedOutButMayRead() throws Exception {
        Path path = heapFile();
        Process child = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp", System.getProperty("java.class.path"),
                        HeapHolder.class.getName(), path.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("READY", out.readLine());
            var locked = assertThrows(HeapLockedException.class, () -> Heap.open(path));
            assertTrue(locked.getMessage().contains(path.toString()), locked.getMessage());
            try (Heap reader = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
                assertEquals(42, reader.root("held", Counter.class).value());
            }
        } finally {
            child.getOutputStream().close();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
        try (Heap heap = Heap.open(path)) {
            assertEquals(42, heap.root("held", Counter.class).value());
        }
    }

    @Test
    void secondWriterInTheSameProcessIsLockedOut() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            assertThrows(HeapLockedException.class, () -> Heap.open(heapFile()));
            heap.root("main", Counter.class).value(1);
            heap.commit();
        }
        try (Heap heap = Heap.open(heapFile())) {
            assertEquals(1, heap.root("main", Counter.class).value());
        }
    }

    @Test
    void fileThatIsNotAHeapIsRefusedAndLeftAlone() throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "not a heap\n".repeat(1000));
        var e = assertThrows(CorruptHeapException.class, () -> Heap.open(text));
        assertTrue(e.getMessage().contains("not a Ferrite heap"), e.getMessage());
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[100]);
        var short_ = assertThrows(CorruptHeapException.class, () -> Heap.open(tiny));
        assertTrue(short_.getMessage().contains("100 bytes"), short_.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no log or lock file was created beside them");
        }
    }

    @Test
    void newerFormatIsRefusedWithBothFormats() throws IOException {
        Heap.open(heapFile(), SMALL).close();
        for (long copy : new long[] {0, 2048}) {
            patchHeader(copy, 8, 3);
        }
        var e = assertThrows(UnsupportedHeapFormatException.class, () -> Heap.open(heapFile()));
        assertTrue(e.getMessage().contains("format 3 is newer than the supported 2"), e.getMessage());
        assertFalse(CorruptHeapException.class.isInstance(e), "the file is not damaged");
    }

    @Test
    void oneDamagedHeaderCopyLosesNothing() throws IOException {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            heap.root("main", Counter.class).value(7);
            heap.commit();
        }
        flipByte(heapFile(), 16);
        try (Heap heap = Heap.open(heapFile())) {
            assertEquals(7, heap.root("main", Counter.class).value());
        }
        flipByte(heapFile(), 2048 + 16);
        var e = assertThrows(CorruptHeapException.class, () -> Heap.open(heapFile()));
        assertTrue(e.getMessage().contains("copy at offset 0 fails its checksum")
                && e.getMessage().contains("copy at offset 2048 fails its checksum"), e.getMessage());
    }

    @Test
    void nextHeaderWriteRepairsADamagedCopy() throws IOException {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            heap.root("main", Counter.class).value(7);
            heap.commit();
        }
        flipByte(heapFile(), 16);
        try (Heap heap = Heap.open(heapFile())) {
            heap.root("second", Counter.class).value(8);
            heap.commit();
        }
        flipByte(heapFile(), 2048 + 16);
        try (Heap heap = Heap.open(heapFile())) {
            assertEquals(8, heap.root("second", Counter.class).value());
        }
    }

    @Test
    void truncatedHeapIsRefused() throws IOException {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            heap.root("main", Counter.class).value(7);
            heap.commit();
        }
        try (FileChannel channel = FileChannel.open(heapFile(), StandardOpenOption.WRITE)) {
            channel.truncate(512 << 10);
        }
        var e = assertThrows(CorruptHeapException.class, () -> Heap.open(heapFile()));
        assertTrue(e.getMessage().contains("truncated") || e.getMessage().contains("shorter"), e.getMessage());
    }

    @Test
    void anOlderApplicationReadsAndUpdatesNewerRecordsAndLeavesTheirNewFieldsIntact() {
        Class<?> v2 = AccountVersions.v2().javaType();
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            Object main = heap.root("main", v2);
            Object friend = heap.allocate(v2);
            call(main, "id", 1L);
            call(main, "balance", 100L);
            call(main, "memo", "written by v2");
            call(main, "bonus", 7L);
            call(main, "referrer", friend);
            call(friend, "id", 2L);
            call(friend, "bonus", 8L);
            heap.commit();
        }
        // The v1 application, rolled back to after the v2 deploy: it reads and writes its own fields.
        long added;
        try (Heap heap = Heap.open(heapFile())) {
            Account main = heap.root("main", Account.class);
            assertEquals(1, main.id());
            assertEquals(100, main.balance());
            assertEquals("written by v2", main.memo());
            assertEquals(2, main.referrer().id());
            main.balance(150);
            main.memo("updated by v1");
            Account newer = heap.allocate(Account.class);
            newer.id(3);
            main.referrer().referrer(newer);
            added = ((Flyweight) newer).offset();
            heap.commit();
            assertEquals(List.of(), heap.verify());
            assertEquals(2, heap.info().types().getFirst().version(), "the catalog keeps the newer layout");
        }
        try (Heap heap = Heap.open(heapFile())) {
            Object main = heap.root("main", v2);
            assertEquals(150L, call(main, "balance"));
            assertEquals("updated by v1", call(main, "memo"));
            assertEquals(7L, call(main, "bonus"), "v1 left the field it does not know alone");
            Object friend = call(main, "referrer");
            assertEquals(8L, call(friend, "bonus"));
            Object newer = call(friend, "referrer");
            assertEquals(3L, call(newer, "id"));
            assertEquals(0L, call(newer, "bonus"), "a record v1 allocated is of version 1");
            List<Integer> versions = new ArrayList<>();
            heap.forEachRecord(record -> {
                if (record.offset() == added) {
                    versions.add(record.version());
                }
            });
            assertEquals(List.of(1), versions);
            assertEquals(List.of(), heap.verify());
        }
    }

    @Test
    void anOlderApplicationIsRefusedALayoutItCannotReadWithTheReason() {
        try (Heap heap = Heap.open(heapFile(), SMALL)) {
            call(heap.root("main", AccountVersions.grown().javaType()), "penalty", 1L);
            heap.commit();
        }
        try (Heap heap = Heap.open(heapFile())) {
            var e = assertThrows(SchemaMigrationRequiredException.class, () -> heap.root("main", Account.class));
            assertTrue(e.getMessage().contains("test.Account version 2, newer than the compiled version 1, which cannot"
                    + " read its records as they are: its records are 56 bytes, 48 compiled (version 2 added fields"
                    + " beyond the reserve of version 1)"), e.getMessage());
            assertEquals(1L, call(heap.root("main", AccountVersions.grown().javaType()), "penalty"));
        }
    }

    @Test
    void heapFullAtTheConfiguredCapacity() {
        HeapOptions tiny = HeapOptions.builder().capacity(HeapOptions.MIN_CAPACITY).build();
        try (Heap heap = Heap.open(heapFile(), tiny)) {
            List<Account> accounts = new ArrayList<>();
            var e = assertThrows(HeapFullException.class, () -> {
                while (true) {
                    accounts.add(heap.allocate(Account.class));
                }
            });
            assertTrue(e.getMessage().contains("bound of 65536 bytes"), e.getMessage());
            assertTrue(accounts.size() > 500, "filled the data pages: " + accounts.size());
            heap.free(accounts.getLast());
            assertNotNull(heap.allocate(Account.class));
            heap.commit();
        }
    }

    @Test
    void checkedModeFindsNoUnmarkedPageInAWorkload() {
        HeapOptions checked = HeapOptions.builder().capacity(16 << 20).checkDirtyMarks(true).build();
        try (Heap heap = Heap.open(heapFile(), checked)) {
            Account head = heap.root("head", Account.class);
            List<Account> live = new ArrayList<>();
            java.util.Random random = new java.util.Random(7);
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 200; i++) {
                    Account account = heap.allocate(Account.class);
                    account.id(round * 1000L + i);
                    account.balance(random.nextLong());
                    account.memo(random.nextBoolean() ? "memo " + i : "mémo ".repeat(1 + random.nextInt(400)));
                    account.referrer(head.referrer());
                    head.referrer(account);
                    live.add(account);
                    if (random.nextInt(4) == 0) {
                        // Unlinked from the chain, not cut out with the rest of it: verify() reports leaks.
                        Account victim = live.remove(random.nextInt(live.size()));
                        if (head.referrer().equals(victim)) {
                            head.referrer(victim.referrer());
                        }
                        for (Account a : live) {
                            if (victim.equals(a.referrer())) {
                                a.referrer(victim.referrer());
                            }
                        }
                        heap.free(victim);
                    }
                }
                if (round % 5 == 0) {
                    heap.root("r" + round, Counter.class).value(round);
                }
                if (round % 7 == 3) {
                    heap.findRoot("r0", Counter.class).ifPresent(counter -> {
                        heap.removeRoot("r0");
                        heap.free(counter);
                    });
                }
                heap.commit();
            }
            assertEquals(live.size(), heap.info().types().getFirst().records() - 1, "all accounts but the head");
            assertEquals(List.of(), heap.verify());
        }
    }

    @Test
    void readersRunConcurrentlyWithAWriterBetweenCommits() throws Exception {
        try (Heap heap = Heap.open(heapFile(), HeapOptions.builder().capacity(16 << 20).build())) {
            Account head = heap.root("head", Account.class);
            Account tail = head;
            for (int i = 1; i <= 100; i++) {
                Account next = heap.allocate(Account.class);
                next.id(i);
                next.memo("account " + i);
                tail.referrer(next);
                tail = next;
            }
            heap.commit();
            java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(3);
            List<java.util.concurrent.Future<Long>> sums = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                sums.add(readers.submit(() -> {
                    long sum = 0;
                    for (int pass = 0; pass < 200; pass++) {
                        Account account = heap.root("head", Account.class).referrer();
                        for (int i = 1; account != null; i++, account = account.referrer()) {
                            assertEquals("account " + i, account.memo());
                            sum += account.id();
                        }
                    }
                    return sum;
                }));
            }
            Account extra = heap.root("extra", Account.class);
            for (int i = 0; i < 5_000; i++) {
                Account record = heap.allocate(Account.class);
                record.memo("writer " + i);
                record.referrer(extra.referrer());
                extra.referrer(record);
            }
            for (var sum : sums) {
                assertEquals(200L * 5050, sum.get());
            }
            readers.shutdown();
            heap.commit();
            assertEquals(List.of(), heap.verify());
        }
    }

    @Test
    void checkedModeCatchesAnUnmarkedWrite() {
        HeapOptions checked = HeapOptions.builder().capacity(4 << 20).checkDirtyMarks(true).build();
        try (Heap heap = Heap.open(heapFile(), checked)) {
            heap.root("main", Account.class);
            heap.commit();
            long offset = ((dev.ferrite.runtime.struct.Flyweight) heap.root("main", Account.class)).offset();
            heap.blocks().segment().set(LittleEndian.LONG, offset + 8, 5L);
            var e = assertThrows(FerriteException.class, heap::commit);
            assertTrue(e.getMessage().contains("not marked"), e.getMessage());
        }
    }

    @Test
    void closedHeapRefusesCalls() {
        Heap heap = Heap.open(heapFile(), SMALL);
        heap.close();
        heap.close();
        assertThrows(IllegalStateException.class, () -> heap.root("main", Account.class));
        assertThrows(IllegalStateException.class, heap::commit);
    }

    private void patchHeader(long copy, long field, int value) throws IOException {
        try (FileChannel channel = FileChannel.open(heapFile(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Format 2: the checksum covers the whole 2048-byte copy but its last 4 bytes.
            ByteBuffer header = ByteBuffer.allocate(2048).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, copy);
            header.putInt((int) field, value);
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 0, 2044);
            header.putInt(2044, (int) crc.getValue());
            channel.write(header.flip(), copy);
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x10));
            channel.write(one.rewind(), offset);
        }
    }
}
