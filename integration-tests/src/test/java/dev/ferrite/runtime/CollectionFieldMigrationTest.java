package dev.ferrite.runtime;

import static dev.ferrite.testing.CompiledVersion.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.StructType;
import dev.ferrite.runtime.testing.Shelf;
import dev.ferrite.runtime.testing.Shelf.Item;
import dev.ferrite.testing.CompiledVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration of records with collection fields: the shelf is rewritten in place with its
 * collection fields at new offsets, the items grow and move; the collections stay where they are
 * and go with their handles, a removed collection field's collection is freed, and references to
 * moved records inside any collection (a field's or a root's) follow them.
 */
class CollectionFieldMigrationTest {
    /** The shelf trades its map of counts for a long (same size, fields move); the item grows by a field. */
    private static final String SHELF_V2 = """
            package dev.ferrite.runtime.testing;
            import dev.ferrite.annotations.*;
            import dev.ferrite.runtime.PersistentList;
            import dev.ferrite.runtime.PersistentSortedMap;
            @PersistentStruct(name = "test.Shelf", version = 2)
            @RemovedField(name = "counts", since = 2)
            public interface ShelfV2 {
                String title(); void title(String v);
                PersistentList<ItemV2> order();
                @Owned PersistentSortedMap<Long, ItemV2> items();
                @Since(2) long shelved(); void shelved(long v);
            }
            """;
    private static final String ITEM_V2 = """
            package dev.ferrite.runtime.testing;
            import dev.ferrite.annotations.*;
            import dev.ferrite.runtime.PersistentList;
            @PersistentStruct(name = "test.Item", version = 2)
            public interface ItemV2 {
                long value(); void value(long v);
                String label(); void label(String v);
                PersistentList<Long> history();
                @Since(2) long weight(); void weight(long v);
            }
            """;

    @TempDir
    Path dir;

    @Test
    void movedRecordsKeepTheirCollectionsAndCollectionsFollowMovedRecords() {
        CompiledVersion v2 = CompiledVersion.compile(dir.resolve("v2"), Map.of(
                "dev.ferrite.runtime.testing.ShelfV2", SHELF_V2, "dev.ferrite.runtime.testing.ItemV2", ITEM_V2), null);
        StructType<?> shelfV2 = v2.structType("dev.ferrite.runtime.testing.ShelfV2");
        StructType<?> itemV2 = v2.structType("dev.ferrite.runtime.testing.ItemV2");

        try (Heap heap = Heap.open(dir.resolve("shelf.heap"), HeapOptions.builder().capacity(16 << 20).build())) {
            Shelf shelf = heap.root("shelf", Shelf.class);
            shelf.title("front");
            for (long i = 0; i < 1_000; i++) {
                shelf.counts().putLong("count " + i, i);
            }
            PersistentSortedMap<String, Item> byLabel =
                    PersistentSortedMap.root(heap, "byLabel", KeyType.STRING, ValueType.reference(Item.class));
            for (long i = 1; i <= 3; i++) {
                Item item = shelf.items().getOrCreate(i);
                item.value(i);
                item.label("item " + i);
                item.history().addLong(i * 100);
                byLabel.put(item.label(), item);
            }
            shelf.order().add(shelf.items().get(2L));
            shelf.order().add(null);
            shelf.order().add(shelf.items().get(1L));
            heap.commit();
            long shelfBefore = ((Flyweight) shelf).offset();
            long itemsHandle = shelf.items().handle();

            Migration.Result result = Migration.run(heap, List.of(shelfV2, itemV2), Migration.Options.defaults());
            assertEquals(4, result.rewritten(), result.toString());
            assertEquals(3, result.relocated(), "the three items grew out of their blocks: " + result);
            assertEquals(List.of(), heap.verify(), "no leak (the counts map went with its field), no dangling reference");

            Object moved = heap.root("shelf", shelfV2.javaType());
            assertEquals(shelfBefore, ((Flyweight) moved).offset(), "the shelf was rewritten in place");
            assertEquals("front", call(moved, "title"));
            PersistentSortedMap<?, ?> items = (PersistentSortedMap<?, ?>) call(moved, "items");
            assertEquals(itemsHandle, items.handle(), "the collection stays where it was");
            PersistentList<?> order = (PersistentList<?>) call(moved, "order");
            Object second = order.get(0);
            assertEquals("item 2", call(second, "label"));
            assertEquals(200L, ((PersistentList<?>) call(second, "history")).getLong(0));
            assertEquals(0L, call(second, "weight"));
            assertNull(order.get(1));
            assertEquals(1L, call(order.get(2), "value"));
            @SuppressWarnings("unchecked")
            PersistentSortedMap<String, Object> labels = PersistentSortedMap.open(heap,
                    heap.blocks().root("byLabel"), KeyType.STRING, ValueType.reference((Class<Object>) itemV2.javaType()));
            assertEquals(((Flyweight) second).offset(), ((Flyweight) labels.get("item 2")).offset(),
                    "a root map's reference followed the moved item");
        }
    }
}
