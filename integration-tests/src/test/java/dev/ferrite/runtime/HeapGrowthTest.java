package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.runtime.memory.HeapHeader;
import dev.ferrite.runtime.testing.Account;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Heaps without a capacity to choose: a new heap starts at 1 MiB and grows in place as records
 * need, through commits, rollbacks and reopens, in both commit modes; a heap of the previous
 * release grows once it is given a larger bound; a header claiming regions the file lacks is
 * refused, and one claiming a vast sparse heap opens at the cost of what it holds.
 */
class HeapGrowthTest {
    /** 8 KiB of text per record: 4,000 records are about 32 MiB. */
    private static final String PAYLOAD = "x".repeat(8 << 10);

    @TempDir
    Path dir;

    private static HeapOptions options(CommitMode mode) {
        return HeapOptions.builder().commitMode(mode).build();
    }

    /** Adds {@code count} records to the chain under root "main", numbering them on from its balance. */
    private static void append(Heap heap, int count) {
        append(heap, "main", count);
    }

    /** Adds {@code count} records to the chain under root {@code root}, numbering them on from its balance. */
    private static void append(Heap heap, String root, int count) {
        Account main = heap.root(root, Account.class);
        for (int i = 0; i < count; i++) {
            long n = main.balance();
            Account record = heap.allocate(Account.class);
            record.id(n);
            record.memo(n + PAYLOAD);
            record.referrer(main.referrer());
            main.referrer(record);
            main.balance(n + 1);
        }
    }

    /** Checks the chain under root "main": {@code expected} records, newest first, each with its text. */
    private static void checkChain(Heap heap, long expected) {
        checkChain(heap, "main", expected);
    }

    /** Checks the chain under root {@code root}. */
    private static void checkChain(Heap heap, String root, long expected) {
        Account main = heap.root(root, Account.class);
        assertEquals(expected, main.balance());
        long n = expected;
        for (Account record = main.referrer(); record != null; record = record.referrer()) {
            n--;
            assertEquals(n, record.id());
            assertEquals(n + PAYLOAD, record.memo());
        }
        assertEquals(0, n, "the chain holds every record");
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aNewHeapStartsSmallAndGrowsInPlaceFarPastItsFirstRegion(CommitMode mode) throws IOException {
        Path file = dir.resolve("grow.heap");
        try (Heap heap = Heap.open(file, options(mode))) {
            assertEquals(HeapOptions.UNBOUNDED, heap.info().capacity());
            assertEquals(HeapOptions.INITIAL_SIZE, heap.info().size());
            assertEquals(HeapOptions.INITIAL_SIZE, Files.size(file));
            append(heap, 1);
            Account first = heap.root("main", Account.class).referrer();
            heap.commit();
            for (int round = 0; round < 8; round++) {
                append(heap, 500);
                heap.commit();
            }
            // A flyweight taken before the heap grew 30-fold still reads its record: nothing moved.
            assertEquals(0 + PAYLOAD, first.memo());
            long size = heap.info().size();
            assertTrue(size > 30L << 20, "grew to " + size);
            assertTrue(size < 80L << 20, "grows in steps that at most double: " + size);
            assertEquals(size, Files.size(file), "the file is as long as the heap, no longer");
        }
        try (Heap heap = Heap.open(file, options(mode))) {
            checkChain(heap, 4001);
            assertEquals(List.of(), heap.verify());
        }
    }

    @ParameterizedTest
    @EnumSource(CommitMode.class)
    void aRolledBackGrowthLeavesTheHeapAsItWasAndTheHeapGrowsAgain(CommitMode mode) {
        Path file = dir.resolve("rollback.heap");
        long size;
        try (Heap heap = Heap.open(file, options(mode))) {
            append(heap, 50);
            heap.commit();
            size = heap.info().size();
            append(heap, 1000);
            assertTrue(heap.info().size() > 4 * size, "grew before the rollback");
            heap.rollback();
            assertEquals(size, heap.info().size(), "the rollback forgets the regions added");
            checkChain(heap, 50);
            assertEquals(List.of(), heap.verify());
            append(heap, 700);
            heap.commit();
        }
        try (Heap heap = Heap.open(file, options(mode))) {
            checkChain(heap, 750);
            assertEquals(List.of(), heap.verify());
        }
    }

    /**
     * The previous release's heap has a fixed capacity of 256 KiB: full at it when opened as it is;
     * given a larger bound it grows past it, and its header is upgraded to format 2 on the way.
     */
    @Test
    void aHeapOfThePreviousReleaseGrowsOnceItIsOpenedWithALargerBound() throws IOException {
        Path heapFile = dir.resolve("previous.heap");
        for (String name : List.of("previous.heap", "previous.heap.fams-log")) {
            try (InputStream in = HeapGrowthTest.class.getResourceAsStream("/previous-release/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        assertEquals(HeapHeader.FORMAT_1, headerFormat(heapFile));
        try (Heap heap = Heap.open(heapFile)) {
            assertEquals(256 << 10, heap.info().capacity(), "the old capacity is its bound");
            var full = assertThrows(HeapFullException.class, () -> append(heap, "grown", 1000));
            assertTrue(full.getMessage().contains("bound of 262144 bytes"), full.getMessage());
            heap.rollback();
        }
        try (Heap heap = Heap.open(heapFile, HeapOptions.builder().capacity(64L << 20).build())) {
            assertEquals(64L << 20, heap.info().capacity());
            append(heap, "grown", 1000);
            heap.commit();
            assertTrue(heap.info().size() > 8L << 20, "grew past the old capacity: " + heap.info().size());
        }
        assertEquals(HeapHeader.FORMAT, headerFormat(heapFile));
        try (Heap heap = Heap.open(heapFile)) {
            assertEquals(64L << 20, heap.info().capacity(), "the raised bound is durable");
            checkChain(heap, "grown", 1000);
            Account main = heap.root("main", Account.class);
            assertEquals("written by the previous release", main.memo());
            assertEquals("referred to by main", main.referrer().memo());
            assertEquals(300, PersistentSortedMap.root(heap, "words", KeyType.STRING, ValueType.LONG).size());
            assertEquals(500, PersistentList.root(heap, "list", ValueType.LONG).size());
            assertEquals(List.of(), heap.verify());
        }
    }

    @Test
    void aHeaderClaimingRegionsTheFileDoesNotHoldIsRefused() throws IOException {
        HeapHeader header = HeapHeader.create(1L << 20, HeapHeader.UNBOUNDED);
        for (int i = 0; i < 30; i++) {
            header.addRegion(64L << 30);
        }
        header.top(header.regions().dataStart(30));
        Path file = dir.resolve("claims.heap");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(header.toPage()), 0);
            channel.truncate(1L << 20);
            channel.write(ByteBuffer.wrap(new byte[1]), (1L << 20) - 1);
        }
        var e = assertThrows(CorruptHeapException.class,
                () -> Heap.open(file, HeapOptions.builder().readOnly(true).build()).close());
        assertTrue(e.getMessage().contains("the heap's 31 regions end at " + header.size()
                + " bytes but the file has only 1048576: the file was truncated"), e.getMessage());
    }

    /**
     * A sparse file of 2^38 bytes whose header lists regions covering all of it, every page below
     * the top: tens of gigabytes of page tables, all holes. Opening it and listing its blocks reads
     * only what the file holds, measured as the growth of this process's resident memory.
     */
    @Test
    void aSparseFileClaimingAVastGrownHeapCostsWhatItHolds() throws IOException {
        long claimed = 1L << 38;
        HeapHeader header = HeapHeader.create(1L << 20, HeapHeader.UNBOUNDED);
        long size = 1L << 20;
        while (size < claimed) {
            long region = Math.min(size, claimed - size);
            header.addRegion(region);
            size += region;
        }
        header.top(claimed);
        Path file = dir.resolve("vast.heap");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(header.toPage()), 0);
            channel.truncate(claimed);
            channel.write(ByteBuffer.wrap(new byte[1]), claimed - 1);
        }
        long before = residentBytes();
        try (Heap heap = Heap.open(file, HeapOptions.builder().readOnly(true).build())) {
            assertEquals(claimed, heap.info().size());
            assertEquals(0, heap.info().allocatedBlocks());
            assertEquals(List.of(), heap.verify());
            long grown = residentBytes() - before;
            assertTrue(grown < 256L << 20, "resident memory grew by " + grown + " bytes");
        }
    }

    private static int headerFormat(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer format = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(format, 8);
            return format.getInt(0);
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
