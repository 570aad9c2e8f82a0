package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.cli.fixtures.Customer;
import dev.ferrite.cli.fixtures.Shelf;
import dev.ferrite.cli.fixtures.ShelfFlyweight;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import dev.ferrite.runtime.struct.Flyweight;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ferrite dump} and {@code ferrite verify} on records whose fields are sorted maps and lists. */
class CollectionFieldCommandTest {
    @TempDir
    Path dir;

    /** Where the sample heap's records and collections are. */
    private record Sample(Path file, long shelf, long ada, long bob, long stock, long visitors, long accounts) {}

    /** A root shelf with five stock counts, two visitors, one owned account; and a root map of longs. */
    private Sample sampleHeap() {
        Path file = dir.resolve("shelf.heap");
        try (Heap heap = Heap.open(file, HeapOptions.builder().capacity(16 << 20).build())) {
            Shelf shelf = heap.root("shelf", Shelf.class);
            shelf.title("front");
            for (int i = 1; i <= 5; i++) {
                shelf.stock().putLong("item" + i, i * 10L);
            }
            Customer ada = heap.root("ada", Customer.class);
            Customer bob = heap.allocate(Customer.class);
            shelf.visitors().add(ada);
            shelf.visitors().add(bob);
            Customer owned = shelf.accounts().getOrCreate(7L);
            owned.id(7);
            PersistentSortedMap.root(heap, "totals", KeyType.LONG, ValueType.LONG).putLong(1L, 100);
            heap.commit();
            return new Sample(file, offset(shelf), offset(ada), offset(bob), shelf.stock().handle(),
                    shelf.visitors().handle(), shelf.accounts().handle());
        }
    }

    private static long offset(Object record) {
        return ((Flyweight) record).offset();
    }

    @Test
    void dumpShowsTheEntriesOfCollectionFieldsUnderTheirField() {
        Sample sample = sampleHeap();
        Run dump = ferrite("dump", sample.file().toString());
        assertEquals(0, dump.exitCode(), dump.err());
        assertTrue(dump.out().contains("  fixtures.Shelf @" + sample.shelf() + " v1\n"
                + "    title = \"front\"\n"
                + "    stock = sorted map @" + sample.stock() + ", 5 entries\n"
                + "      \"item1\" = 10\n"
                + "      \"item2\" = 20\n"
                + "      \"item3\" = 30\n"
                + "      \"item4\" = 40\n"
                + "      \"item5\" = 50\n"
                + "    visitors = list @" + sample.visitors() + ", 2 elements\n"
                + "      0 = @" + sample.ada() + "\n"
                + "      1 = @" + sample.bob() + "\n"
                + "    accounts = sorted map @" + sample.accounts() + ", 1 entry\n"
                + "      7 = @"), dump.out());
        assertTrue(dump.out().contains("    id = 7\n"), "the owned record is dumped with the others: " + dump.out());
    }

    @Test
    void limitCutsEveryCollectionAndSaysHowManyEntriesItLeftOut() {
        Sample sample = sampleHeap();
        Run dump = ferrite("dump", "--limit", "2", sample.file().toString());
        assertEquals(0, dump.exitCode(), dump.err());
        assertTrue(dump.out().contains("    stock = sorted map @" + sample.stock() + ", 5 entries\n"
                + "      \"item1\" = 10\n"
                + "      \"item2\" = 20\n"
                + "      ... 3 more\n"
                + "    visitors = list"), dump.out());
        assertFalse(dump.out().contains("item3"), dump.out());
        assertEquals(2, ferrite("dump", "--limit", "-1", sample.file().toString()).exitCode());
    }

    @Test
    void rootAndTypeFiltersSelectWhatIsDumped() {
        Sample sample = sampleHeap();
        Run shelfOnly = ferrite("dump", "--root", "shelf", sample.file().toString());
        assertEquals(0, shelfOnly.exitCode(), shelfOnly.err());
        assertTrue(shelfOnly.out().startsWith("roots     1\n  shelf -> fixtures.Shelf @" + sample.shelf() + "\nrecords\n"
                + "  fixtures.Shelf @" + sample.shelf() + " v1\n"), shelfOnly.out());
        assertFalse(shelfOnly.out().contains("dev.ferrite.cli.fixtures.Customer @"), shelfOnly.out());

        Run customers = ferrite("dump", "--type", "dev.ferrite.cli.fixtures.Customer", sample.file().toString());
        assertEquals(0, customers.exitCode(), customers.err());
        assertTrue(customers.out().startsWith("roots     1\n  ada -> dev.ferrite.cli.fixtures.Customer"), customers.out());
        assertTrue(customers.out().contains("dev.ferrite.cli.fixtures.Customer @" + sample.bob()), customers.out());
        assertFalse(customers.out().contains("fixtures.Shelf @"), customers.out());

        Run maps = ferrite("dump", "--type", "ferrite.SortedMap", sample.file().toString());
        assertTrue(maps.out().startsWith("roots     1\n  totals -> ferrite.SortedMap @"), maps.out());
        assertTrue(maps.out().contains("    1 = 100\nrecords\n"), maps.out());

        Run missing = ferrite("dump", "--root", "nope", sample.file().toString());
        assertEquals(2, missing.exitCode(), missing.out());
        assertTrue(missing.err().contains("no root called \"nope\"; its roots are [ada, shelf, totals]"), missing.err());
    }

    @Test
    void aTypeIsFoundByTheLastPartOfItsSchemaNameAndAnUnknownOneIsAnError() {
        Sample sample = sampleHeap();
        Run full = ferrite("dump", "--type", "dev.ferrite.cli.fixtures.Customer", sample.file().toString());
        Run simple = ferrite("dump", "--type", "Customer", sample.file().toString());
        assertEquals(0, simple.exitCode(), simple.err());
        assertEquals(full.out(), simple.out());
        assertTrue(simple.out().contains("dev.ferrite.cli.fixtures.Customer @" + sample.bob()), simple.out());

        Run unknown = ferrite("dump", "--type", "Customers", sample.file().toString());
        assertEquals(2, unknown.exitCode(), unknown.out());
        assertTrue(unknown.err().contains("--type Customers: the heap stores no type called \"Customers\"; its types are ["),
                unknown.err());
        assertTrue(unknown.err().contains("dev.ferrite.cli.fixtures.Customer"), unknown.err());
    }

    @Test
    void jsonHoldsEachCollectionFieldWithItsHandleSizeAndEntries() {
        Sample sample = sampleHeap();
        Run dump = ferrite("dump", "--json", "--limit", "1", "--root", "shelf", sample.file().toString());
        assertEquals(0, dump.exitCode(), dump.err());
        assertTrue(dump.out().contains("""
                        "stock": {
                          "handle": %d,
                          "size": 5,
                          "entries": [
                            {
                              "key": "item1",
                              "value": 10
                            }
                          ]
                        },""".formatted(sample.stock()).indent(8).stripTrailing()), dump.out());
        assertTrue(dump.out().matches("(?s).*\"visitors\": \\{\\s+\"handle\": " + sample.visitors()
                + ",\\s+\"size\": 2,\\s+\"entries\": \\[\\s+\\{\\s+\"index\": 0,\\s+\"value\": " + sample.ada()
                + "\\s+}\\s+]\\s+}.*"), dump.out());
    }

    @Test
    void verifyFollowsCollectionFieldsAndChecksTheirTypes() throws IOException {
        Sample sample = sampleHeap();
        Run clean = ferrite("verify", sample.file().toString());
        assertEquals(0, clean.exitCode(), "every block is reached through the fields: " + clean.out());

        // The visitors field now holds the stock map: a map where a list of references belongs,
        // and the list itself is reached by nothing.
        writeLongAt(sample.file(), sample.shelf() + ShelfFlyweight.OFFSET_VISITORS, sample.stock());
        Run damaged = ferrite("verify", sample.file().toString());
        assertEquals(1, damaged.exitCode(), damaged.out());
        assertTrue(damaged.out().contains("fixtures.Shelf record at offset " + sample.shelf() + ", field visitors:"
                + " the collection at offset " + sample.stock() + " holds no list"), damaged.out());
        assertTrue(damaged.out().contains("a ferrite.List) is allocated but not reachable from any root"),
                damaged.out());
    }

    @Test
    void verifyReportsTwoFieldsHoldingOneCollection() throws IOException {
        Sample sample = sampleHeap();
        long second;
        try (Heap heap = Heap.open(sample.file())) {
            second = offset(heap.allocate(Shelf.class));
            heap.commit();
        }
        writeLongAt(sample.file(), second + ShelfFlyweight.OFFSET_STOCK, sample.stock());
        Run verify = ferrite("verify", sample.file().toString());
        assertEquals(1, verify.exitCode(), verify.out());
        assertTrue(verify.out().contains("field stock: holds the collection at offset " + sample.stock()
                + ", which another collection field holds as well"), verify.out());
    }

    private static void writeLongAt(Path file, long position, long value) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array()),
                    position);
        }
    }
}
