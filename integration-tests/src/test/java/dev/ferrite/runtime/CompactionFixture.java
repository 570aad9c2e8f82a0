package dev.ferrite.runtime;

import dev.ferrite.runtime.testing.Account;
import dev.ferrite.runtime.testing.Shelf;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A heap holding every kind of reference (record fields, roots, heap strings, sorted maps with
 * long string keys, record, string and struct values and enum keys, lists of records, strings and
 * longs, collection fields, a list kept by its handle in a long field), built between filler
 * records that are then freed, so that its data sits high in the file above free space, with
 * regions grown for large filler above it that a compaction empties; and a
 * description of all of it, to compare before and after a compaction.
 */
public final class CompactionFixture {
    public static final int RECORDS = 1200;
    private static final String PAD = "-".repeat(60);

    private CompactionFixture() {}

    public static void build(Heap heap) {
        // Created first, low in the file: a long field keeps its handle, so compaction must leave it in place.
        PersistentList<Long> byHandle = PersistentList.create(heap, ValueType.LONG);
        heap.root("holder", Account.class).balance(byHandle.handle());
        Account previous = heap.root("chain", Account.class);
        PersistentSortedMap<String, Account> index = PersistentSortedMap.root(heap, "index", KeyType.STRING,
                ValueType.reference(Account.class));
        PersistentSortedMap<Long, String> names = PersistentSortedMap.root(heap, "names", KeyType.LONG, ValueType.STRING);
        PersistentList<Account> list = PersistentList.root(heap, "list", ValueType.reference(Account.class));
        PersistentList<String> strings = PersistentList.root(heap, "strings", ValueType.STRING);
        PersistentSortedMap<DayOfWeek, Long> days = PersistentSortedMap.root(heap, "days",
                KeyType.enumType(DayOfWeek.class), ValueType.LONG);
        Shelf shelf = heap.root("shelf", Shelf.class);
        shelf.title("the shelf " + PAD);
        List<Account> filler = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            for (int f = 0; f < 3; f++) {
                Account waste = heap.allocate(Account.class);
                waste.memo("filler " + i + PAD);
                filler.add(waste);
            }
            Account a = heap.allocate(Account.class);
            a.id(i);
            a.balance(i * 10L);
            a.memo(i % 97 == 0 ? "long memo " + i + "x".repeat(6000) : "memo " + i + PAD);
            previous.referrer(a);
            previous = a;
            index.put("account number " + i + " under a key longer than twenty bytes", a);
            // every 50th longer than a leaf keeps: a heap block that a reference inside the leaf points at
            names.put((long) i, i % 50 == 0 ? "long name " + i + letters(i, 2_000) : "name " + i);
            if (i % 3 == 0) {
                list.add(a);
            }
            strings.add("string " + i + PAD);
            days.putLong(DayOfWeek.of(1 + i % 7), i);
            shelf.counts().putLong("count " + i + " under a key longer than twenty bytes", i);
            Shelf.Item item = shelf.items().getOrCreate((long) i);
            item.value(i);
            item.label("label " + i + PAD);
            item.history().addLong(i);
            item.history().addLong(-i);
            if (i % 5 == 0) {
                shelf.order().add(item);
            }
            if (i % 10 == 0) {
                byHandle.addLong(i);
            }
            if (i % 100 == 99) {
                heap.commit();
            }
        }
        heap.commit();
        // Large filler last: the heap grows regions that the compaction leaves empty and cuts off.
        for (int i = 0; i < 24; i++) {
            Account waste = heap.allocate(Account.class);
            waste.memo("large filler " + i + "x".repeat(160_000));
            filler.add(waste);
        }
        heap.commit();
        for (Account waste : filler) {
            heap.free(waste);
        }
        heap.commit();
    }

    /** {@code length} letters drawn at random from a seed: text that does not compress. */
    private static String letters(long seed, int length) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder letters = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        return letters.toString();
    }

    /** Everything the heap holds, as text; equal for two heaps that hold the same data. */
    public static String describe(Heap heap) {
        StringBuilder out = new StringBuilder();
        Account holder = heap.root("holder", Account.class);
        out.append("by handle ").append(PersistentList.open(heap, holder.balance(), ValueType.LONG)).append('\n');
        for (Account a = heap.root("chain", Account.class).referrer(); a != null; a = a.referrer()) {
            out.append("chain ").append(account(a)).append('\n');
        }
        for (Map.Entry<String, Account> e : PersistentSortedMap.root(heap, "index", KeyType.STRING,
                ValueType.reference(Account.class)).entrySet()) {
            out.append("index ").append(e.getKey()).append(" = ").append(account(e.getValue())).append('\n');
        }
        out.append("names ").append(PersistentSortedMap.root(heap, "names", KeyType.LONG, ValueType.STRING)).append('\n');
        for (Account a : PersistentList.root(heap, "list", ValueType.reference(Account.class))) {
            out.append("list ").append(account(a)).append('\n');
        }
        out.append("strings ").append(PersistentList.root(heap, "strings", ValueType.STRING)).append('\n');
        out.append("days ").append(PersistentSortedMap.root(heap, "days", KeyType.enumType(DayOfWeek.class),
                ValueType.LONG)).append('\n');
        Shelf shelf = heap.root("shelf", Shelf.class);
        out.append("shelf ").append(shelf.title()).append(' ').append(shelf.counts()).append('\n');
        for (Shelf.Item item : shelf.order()) {
            out.append("order ").append(item(item)).append('\n');
        }
        for (Map.Entry<Long, Shelf.Item> e : shelf.items().entrySet()) {
            out.append("item ").append(e.getKey()).append(" = ").append(item(e.getValue())).append('\n');
        }
        return out.toString();
    }

    private static String account(Account a) {
        return a.id() + "/" + a.balance() + "/" + a.memo() + "/" + (a.referrer() == null ? "-" : a.referrer().id());
    }

    private static String item(Shelf.Item item) {
        return item.value() + "/" + item.label() + "/" + item.history();
    }
}
