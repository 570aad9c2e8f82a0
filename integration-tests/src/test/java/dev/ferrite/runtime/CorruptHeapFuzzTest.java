package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.memory.HeapLayout;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.testing.Account;
import dev.ferrite.runtime.testing.AccountFlyweight;
import dev.ferrite.runtime.testing.Counter;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer for heap files. Each case damages a known-good heap (bit flips in
 * the header, the page table, the type catalog, the root table and record headers; random
 * bytes over them; truncation; a file of noise) and opens it: the heap must either open and read exactly the
 * original content, or throw {@link CorruptHeapException} (or, for a record's damaged generation,
 * the {@link IllegalStateException} of a reference that outlived its record). Any other exception, or different
 * content, fails the case and prints its seed, which then belongs in {@link #REGRESSIONS}.
 */
class CorruptHeapFuzzTest {
    private static final long CAPACITY = 1 << 20;
    private static final int CASES = Integer.getInteger("ferrite.fuzz.cases", 1500);
    /** Seeds of cases that once failed; they run on every build. */
    private static final long[] REGRESSIONS = {101_539, 102_389};

    private static byte[] original;
    private static String expected;
    private static List<long[]> metadata;
    private static List<long[]> recordHeaders;

    @TempDir
    static Path baseDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildHeap() throws IOException {
        Path path = baseDir.resolve("base.heap");
        List<Long> records = new ArrayList<>();
        try (Heap heap = Heap.open(path, HeapOptions.builder().capacity(CAPACITY).build())) {
            Random random = new Random(2026);
            for (int chain = 0; chain < 3; chain++) {
                Account head = heap.root("accounts" + chain, Account.class);
                records.add(offset(head));
                for (int i = 0; i < 40; i++) {
                    Account account = heap.allocate(Account.class);
                    account.id(chain * 100 + i);
                    account.balance(random.nextLong());
                    account.memo(i % 13 == 0 ? "ø".repeat(2500) : "memo " + i + " ✓");
                    account.referrer(head.referrer());
                    head.referrer(account);
                    records.add(offset(account));
                    records.add(heap.blocks().segment().get(LittleEndian.LONG, offset(account) + AccountFlyweight.OFFSET_MEMO));
                    if (i % 5 == 0) {
                        heap.free(heap.allocate(Counter.class));
                    }
                }
            }
            for (int i = 0; i < 5; i++) {
                Counter counter = heap.root("counter" + i, Counter.class);
                counter.value(i * 11);
                records.add(offset(counter));
            }
            heap.removeRoot("counter3");
            heap.commit();
            expected = describe(heap);
        }
        original = Files.readAllBytes(path);
        metadata = metadataRegions(original);
        recordHeaders = records.stream().map(offset -> new long[] {offset, RecordHeader.SIZE}).toList();
    }

    private static long offset(Object record) {
        return ((Flyweight) record).offset();
    }

    /** Header copies, the page table entries in use, the catalog's and the root table's blocks, and the unused pages. */
    private static List<long[]> metadataRegions(byte[] file) {
        MemorySegment segment = MemorySegment.ofArray(file);
        HeapHeader header = HeapHeader.read(segment, "base");
        List<long[]> found = new ArrayList<>();
        for (long copy : HeapLayout.HEADER_COPIES) {
            found.add(new long[] {copy, 80});
        }
        long firstPage = header.dataStart() >>> HeapLayout.PAGE_SHIFT;
        long topPage = header.top() >>> HeapLayout.PAGE_SHIFT;
        found.add(new long[] {HeapLayout.descriptor(firstPage), (topPage - firstPage) * HeapLayout.DESCRIPTOR_SIZE});
        for (long block : new long[] {header.catalog(), header.roots()}) {
            int length = segment.get(LittleEndian.INT, block + RecordHeader.SIZE);
            found.add(new long[] {block, 16 + length});
        }
        found.add(new long[] {header.top(), CAPACITY - header.top()});
        return found;
    }

    @Test
    void damagedHeapsOpenCorrectlyOrAreRefusedAsCorrupt() throws IOException {
        long seedBase = Long.getLong("ferrite.fuzz.seed", 0);
        int refused = 0;
        for (int i = 0; i < CASES; i++) {
            if (!runCase(seedBase + i)) {
                refused++;
            }
        }
        // Both outcomes must occur, or the mutations miss what they are meant to hit.
        assertTrue(refused > CASES / 2 && refused < CASES, refused + " of " + CASES + " refused");
    }

    @Test
    void formerFailuresStayFixed() throws IOException {
        for (long seed : REGRESSIONS) {
            runCase(seed);
        }
    }

    /**
     * Runs one case; true if the damaged heap opened (and read correctly), false if refused as
     * corrupt. Every tenth case opens the heap for writing, writes and commits, and reads it again
     * after a reopen: a heap that opens must stay usable and lose nothing.
     */
    private boolean runCase(long seed) throws IOException {
        Random random = new Random(seed);
        byte[] file = original.clone();
        int length = random.nextInt(10) == 0 ? random.nextInt(file.length) : file.length;
        String mutation = length < file.length ? "truncated to " + length + " bytes" : mutate(file, random);
        String what = "seed " + seed + " (" + mutation + ")";
        Path path = dir.resolve("case-" + seed + ".heap");
        Files.write(path, Arrays.copyOf(file, length));
        boolean writable = seed % 10 == 0;
        try {
            try (Heap heap = Heap.open(path, HeapOptions.builder().readOnly(!writable).build())) {
                assertReadsAsBefore(heap, what);
                if (writable) {
                    Counter counter = heap.root("fuzz", Counter.class);
                    counter.value(1);
                    heap.commit();
                    heap.removeRoot("fuzz");
                    heap.free(counter);
                    heap.commit();
                    assertReadsAsBefore(heap, what + ", after a write");
                }
            }
            if (writable) {
                try (Heap heap = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
                    assertReadsAsBefore(heap, what + ", reopened after a write");
                }
            }
            return true;
        } catch (CorruptHeapException e) {
            if (e.getMessage() == null || !e.getMessage().contains(path.toString())) {
                fail(what + ": message does not name the file: " + e.getMessage(), e);
            }
            return false;
        } catch (IllegalStateException e) {
            // Damage to a record's generation looks exactly like a reference that outlived its
            // record, the block now holding a successor: caught either way, as use after free.
            if (e.getMessage() == null || !e.getMessage().contains(path.toString())
                    || !e.getMessage().contains("use after free")) {
                throw new AssertionError(what + ": " + e, e);
            }
            return false;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(what + ": " + e, e);
        } finally {
            Files.delete(path);
        }
    }

    private static void assertReadsAsBefore(Heap heap, String what) {
        String content = describe(heap);
        if (!content.equals(expected)) {
            fail(what + ": opened, but reads differ: " + firstDifference(content, expected));
        }
    }

    /**
     * Damages the metadata or the record headers: flips or random bytes. Record payloads are
     * application data without checksums, so damage there is beyond what a heap can detect.
     */
    private static String mutate(byte[] file, Random random) {
        int kind = random.nextInt(10);
        List<long[]> regions = kind < 2 ? recordHeaders : metadata;
        StringBuilder what = new StringBuilder();
        int damages = kind < 6 ? 1 : 1 + random.nextInt(8);
        for (int i = 0; i < damages; i++) {
            long[] region = regions.get(random.nextInt(regions.size()));
            int at = (int) (region[0] + (long) (random.nextDouble() * region[1]));
            what.append(i == 0 ? "" : ", ");
            if (kind % 2 == 0) {
                int bit = random.nextInt(8);
                file[at] ^= (byte) (1 << bit);
                what.append("bit ").append(bit).append(" at ").append(at);
            } else {
                byte[] noise = new byte[1 + random.nextInt(16)];
                random.nextBytes(noise);
                int length = (int) Math.min(noise.length, region[0] + region[1] - at);
                System.arraycopy(noise, 0, file, at, length);
                what.append(length).append(" random bytes at ").append(at);
            }
        }
        return what.toString();
    }

    private static String firstDifference(String actual, String expected) {
        List<String> got = actual.lines().toList();
        List<String> want = expected.lines().toList();
        for (int i = 0; i < Math.max(got.size(), want.size()); i++) {
            String a = i < got.size() ? got.get(i) : "<end>";
            String b = i < want.size() ? want.get(i) : "<end>";
            if (!a.equals(b)) {
                return "line " + i + " is \"" + abbreviate(a) + "\", expected \"" + abbreviate(b) + "\"";
            }
        }
        return "none";
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }

    /** Everything the base heap holds, as text. */
    private static String describe(Heap heap) {
        StringBuilder text = new StringBuilder(heap.rootNames().toString()).append('\n');
        for (String name : heap.rootNames()) {
            if (name.startsWith("accounts")) {
                Account account = heap.findRoot(name, Account.class).orElseThrow();
                for (int hops = 0; account != null && hops < 1000; hops++) {
                    text.append(account.id()).append(' ').append(account.balance()).append(' ')
                            .append(account.memo()).append('\n');
                    account = account.referrer();
                }
            } else {
                text.append(name).append('=').append(heap.findRoot(name, Counter.class).orElseThrow().value()).append('\n');
            }
        }
        HeapInfo info = heap.info();
        text.append(info.allocatedBlocks()).append(' ').append(info.allocatedBytes()).append('\n');
        for (HeapInfo.StoredType type : info.types()) {
            // Not the record count: it includes unreachable records, whose headers nothing reads.
            text.append(type.schemaName()).append(' ').append(type.version()).append(' ').append(type.size())
                    .append(' ').append(type.fields()).append('\n');
        }
        return text.toString();
    }

    @Test
    void fileOfNoiseIsNotAHeap() throws IOException {
        byte[] noise = new byte[64 * 1024];
        new Random(5).nextBytes(noise);
        Path path = dir.resolve("noise.heap");
        Files.write(path, noise);
        var e = org.junit.jupiter.api.Assertions.assertThrows(CorruptHeapException.class, () -> Heap.open(path));
        assertEquals(path + ": not a Ferrite heap (no heap magic at offset 0 or 2048)", e.getMessage());
    }

    /**
     * A file of a few kilobytes on disk whose header claims 2^38 bytes, every page below the top
     * in use: its page table alone would be 4 GiB of holes. Opening it and listing its blocks must
     * cost what the file holds, not what it claims; measured as the growth of this process's
     * resident memory, which reading the claimed page table through the mapping would raise by
     * gigabytes.
     */
    @Test
    void aSparseFileClaimingAVastHeapCostsWhatItHolds() throws IOException {
        long claimed = 1L << 38;
        Path path = dir.resolve("vast.heap");
        HeapHeader header = HeapHeader.empty(claimed);
        header.top(claimed);
        try (var channel = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            channel.write(java.nio.ByteBuffer.wrap(header.toPage()), 0);
            channel.truncate(claimed);
            channel.write(java.nio.ByteBuffer.wrap(new byte[1]), claimed - 1);
        }
        long before = residentBytes();
        try (Heap heap = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
            HeapInfo info = heap.info();
            assertEquals(0, info.allocatedBlocks());
            assertEquals(List.of(), heap.verify());
            long grown = residentBytes() - before;
            assertTrue(grown < 256L << 20, "resident memory grew by " + grown + " bytes");
        }
    }

    /** This process's resident set, from /proc/self/status. */
    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS in /proc/self/status");
    }
}
