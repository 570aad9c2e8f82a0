package dev.ferrite.runtime.heap;

import static dev.ferrite.testing.CompiledVersion.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.SchemaMigrationRequiredException;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.testing.Account;
import dev.ferrite.runtime.testing.AccountFlyweight;
import dev.ferrite.runtime.testing.AccountVersions;
import dev.ferrite.runtime.testing.CounterFlyweight;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeapCoreTest {
    private final ArenaMemory memory = new ArenaMemory(1 << 20);
    private final HeapCore heap = HeapCore.format(memory, "test heap");

    @Test
    void rootIsCreatedOnceAndFoundAfterReload() {
        Account main = heap.root("main", AccountFlyweight.TYPE, true).orElseThrow();
        main.id(7);
        assertEquals(main, heap.root("main", AccountFlyweight.TYPE, true).orElseThrow());
        heap.root("other", CounterFlyweight.TYPE, true);
        heap.reload();
        assertEquals(Set.of("main", "other"), heap.rootNames());
        assertEquals(7, heap.root("main", AccountFlyweight.TYPE, false).orElseThrow().id());
        assertTrue(heap.root("absent", AccountFlyweight.TYPE, false).isEmpty());
        heap.setRoot("other", 0);
        heap.reload();
        assertEquals(Set.of("main"), heap.rootNames());
    }

    @Test
    void rootAsAnotherTypeNamesBothTypes() {
        heap.root("main", AccountFlyweight.TYPE, true);
        var e = assertThrows(IllegalArgumentException.class, () -> heap.root("main", CounterFlyweight.TYPE, true));
        assertTrue(e.getMessage().contains("test.Account") && e.getMessage().contains("test.Counter"), e.getMessage());
    }

    @Test
    void rootHoldingACollectionAskedAsAStructNamesBoth() {
        long map = heap.allocate(40);
        dev.ferrite.runtime.format.RecordHeader.write(heap.segment(), map,
                dev.ferrite.runtime.struct.StructType.typeIdOf("ferrite.SortedMap"), 1);
        heap.setRoot("index", map);
        var e = assertThrows(IllegalArgumentException.class, () -> heap.root("index", AccountFlyweight.TYPE, false));
        assertTrue(e.getMessage().contains("ferrite.SortedMap") && e.getMessage().contains("test.Account"), e.getMessage());
        dev.ferrite.runtime.format.RecordHeader.write(heap.segment(), map, 0x1234, 1);
        var damaged = assertThrows(CorruptHeapException.class, () -> heap.root("index", AccountFlyweight.TYPE, false));
        assertTrue(damaged.getMessage().contains("0x1234"), damaged.getMessage());
    }

    @Test
    void referencesResolveAfterReload() {
        Account a = heap.allocate(AccountFlyweight.TYPE);
        Account b = heap.allocate(AccountFlyweight.TYPE);
        b.id(2);
        a.referrer(b);
        heap.setRoot("a", ((Flyweight) a).offset());
        heap.reload();
        Account reloaded = heap.root("a", AccountFlyweight.TYPE, false).orElseThrow();
        assertEquals(2, reloaded.referrer().id());
        assertNull(reloaded.referrer().referrer());
    }

    @Test
    void referenceToFreedRecordIsRefused() {
        Account a = heap.allocate(AccountFlyweight.TYPE);
        Account b = heap.allocate(AccountFlyweight.TYPE);
        heap.freeRecord(b);
        var e = assertThrows(IllegalStateException.class, () -> a.referrer(b));
        assertTrue(e.getMessage().contains("test.Account record at offset " + ((Flyweight) b).offset())
                && e.getMessage().contains("freed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> heap.freeRecord(b), "double free");
    }

    @Test
    void referenceToRecordOfAnotherHeapIsRefused() {
        HeapCore other = HeapCore.format(new ArenaMemory(1 << 20), "other heap");
        Account foreign = other.allocate(AccountFlyweight.TYPE);
        Account local = heap.allocate(AccountFlyweight.TYPE);
        var e = assertThrows(IllegalArgumentException.class, () -> local.referrer(foreign));
        assertTrue(e.getMessage().contains("another heap"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> heap.freeRecord(foreign));
    }

    @Test
    void aReferenceThatNeverWasOneIsReportedAsCorruption() {
        Account a = heap.allocate(AccountFlyweight.TYPE);
        Account b = heap.allocate(AccountFlyweight.TYPE);
        a.referrer(b);
        heap.segment().set(LittleEndian.LONG, ((Flyweight) a).offset() + AccountFlyweight.OFFSET_REFERRER,
                ((Flyweight) b).offset() + 8);
        var e = assertThrows(CorruptHeapException.class, a::referrer);
        assertTrue(e.getMessage().contains("no block"), e.getMessage());
        heap.segment().set(LittleEndian.LONG, ((Flyweight) a).offset() + AccountFlyweight.OFFSET_REFERRER, 1L << 40);
        assertThrows(CorruptHeapException.class, a::referrer);
    }

    @Test
    void aReferenceThatOutlivedItsRecordIsAProgrammingErrorNotCorruption() {
        Account a = heap.allocate(AccountFlyweight.TYPE);
        Account b = heap.allocate(AccountFlyweight.TYPE);
        a.referrer(b);
        long offset = ((Flyweight) b).offset();
        heap.freeRecord(b);
        var freed = assertThrows(IllegalStateException.class, a::referrer);
        assertTrue(freed.getMessage().contains("the test.Account at offset " + offset + " was freed")
                && freed.getMessage().contains("use after free"), freed.getMessage());
        a.memo("x");
        long string = heap.segment().get(LittleEndian.LONG, ((Flyweight) a).offset() + AccountFlyweight.OFFSET_MEMO);
        heap.segment().set(LittleEndian.LONG, ((Flyweight) a).offset() + AccountFlyweight.OFFSET_REFERRER, string);
        var reused = assertThrows(IllegalStateException.class, a::referrer);
        assertTrue(reused.getMessage().contains("found a ferrite.String") && reused.getMessage().contains("reused"),
                reused.getMessage());
    }

    @Test
    void stringsRoundTripInUtf8AndReplacementFreesTheOldOne() {
        Account a = heap.allocate(AccountFlyweight.TYPE);
        assertNull(a.memo());
        a.memo("plain");
        long blocks = heap.statistics().allocatedBlocks();
        String multiByte = "Grüße, 世界 🚀";
        a.memo(multiByte);
        assertEquals(multiByte, a.memo());
        long stored = heap.segment().get(LittleEndian.LONG, ((Flyweight) a).offset() + AccountFlyweight.OFFSET_MEMO);
        memory.checkpoint();
        a.memo(new String(multiByte));
        assertEquals(stored, heap.segment().get(LittleEndian.LONG, ((Flyweight) a).offset() + AccountFlyweight.OFFSET_MEMO),
                "an equal string is kept");
        assertEquals(1, memory.markedPages(), "only the record's reference field was rewritten");
        assertEquals(blocks, heap.statistics().allocatedBlocks(), "the old string was freed");
        String big = "é".repeat(5000);
        a.memo(big);
        assertEquals(big, a.memo());
        a.memo(null);
        assertNull(a.memo());
        assertEquals(blocks - 1, heap.statistics().allocatedBlocks());
    }

    @Test
    void freeingARecordFreesItsStrings() {
        Account a = heap.allocate(AccountFlyweight.TYPE);
        long before = heap.statistics().allocatedBlocks();
        a.memo("owned by a");
        heap.freeRecord(a);
        assertEquals(before - 1, heap.statistics().allocatedBlocks());
    }

    @Test
    void rootRecordCannotBeFreed() {
        Account main = heap.root("main", AccountFlyweight.TYPE, true).orElseThrow();
        var e = assertThrows(IllegalArgumentException.class, () -> heap.freeRecord(main));
        assertTrue(e.getMessage().contains("\"main\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> heap.freeRecord("not a record"));
    }

    @Test
    void catalogDescribesStoredTypesWithoutTheirClasses() {
        heap.allocate(AccountFlyweight.TYPE);
        heap.allocate(CounterFlyweight.TYPE);
        heap.reload();
        List<TypeEntry> types = heap.types();
        assertEquals(List.of("test.Account", "test.Counter"), types.stream().map(TypeEntry::schemaName).toList());
        TypeEntry account = types.getFirst();
        assertEquals(AccountFlyweight.SIZE, account.size());
        assertEquals(FieldKind.REFERENCE, account.fields().get(3).kind());
        assertEquals("test.Account", account.fields().get(3).target());
    }

    @Test
    void newerStoredVersionBeyondTheReserveRequiresTheNewerApplication() {
        Object v2 = heap.allocate(AccountVersions.grown());
        call(v2, "penalty", 5L);
        heap.reload();
        var e = assertThrows(SchemaMigrationRequiredException.class, () -> heap.allocate(AccountFlyweight.TYPE));
        assertTrue(e.getMessage().contains("test.Account") && e.getMessage().contains("version 2")
                && e.getMessage().contains("version 1"), e.getMessage());
    }

    @Test
    void incompatibleLayoutRequiresMigration() {
        heap.root("main", AccountFlyweight.TYPE, true);
        heap.reload();
        var e = assertThrows(SchemaMigrationRequiredException.class,
                () -> heap.root("main", AccountVersions.moved(), false));
        assertTrue(e.getMessage().contains("test.Account") && e.getMessage().contains("field id: moved from offset 8 to 16"),
                e.getMessage());
    }

    @Test
    void compatibleNewerVersionIsRecordedInTheCatalog() {
        Account v1 = heap.root("main", AccountFlyweight.TYPE, true).orElseThrow();
        v1.id(3);
        heap.reload();
        Object v2 = heap.root("main", AccountVersions.v2(), false).orElseThrow();
        assertEquals(3L, call(v2, "id"));
        assertEquals(0L, call(v2, "bonus"), "a version 1 record reads the new field as its default");
        call(v2, "bonus", 9L);
        heap.reload();
        assertEquals(2, heap.types().getFirst().version());
        Account older = heap.root("main", AccountFlyweight.TYPE, false).orElseThrow();
        assertEquals(3, older.id(), "version 1 still reads the records, whose new field lies in its reserve");
        heap.reload();
        assertEquals(2, heap.types().getFirst().version(), "and the catalog keeps version 2");
    }

    @Test
    void everyWriteOfAWorkloadIsMarked() {
        memory.checkpoint();
        Account main = heap.root("main", AccountFlyweight.TYPE, true).orElseThrow();
        Account previous = main;
        for (int i = 0; i < 300; i++) {
            Account next = heap.allocate(AccountFlyweight.TYPE);
            next.id(i);
            next.memo("account " + i + " ✓");
            previous.referrer(next);
            if (i % 7 == 0) {
                next.memo(null);
            }
            previous = next;
        }
        heap.root("counter", CounterFlyweight.TYPE, true).orElseThrow().value(1);
        assertEquals(List.of(), memory.unmarkedPages());
        assertNotEquals(0, memory.markedPages());
    }
}
