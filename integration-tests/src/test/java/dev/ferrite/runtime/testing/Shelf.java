package dev.ferrite.runtime.testing;

import dev.ferrite.annotations.Owned;
import dev.ferrite.annotations.PersistentStruct;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.PersistentSortedMap;

/** A struct whose fields are collections: counts, references in order, and owned items with collections of their own. */
@PersistentStruct(name = "test.Shelf")
public interface Shelf {
    String title();

    void title(String v);

    PersistentSortedMap<String, Long> counts();

    PersistentList<Item> order();

    @Owned
    PersistentSortedMap<Long, Item> items();

    /** An item on the shelf, with a string and a list of its own. */
    @PersistentStruct(name = "test.Item")
    interface Item {
        long value();

        void value(long v);

        String label();

        void label(String v);

        PersistentList<Long> history();
    }
}
