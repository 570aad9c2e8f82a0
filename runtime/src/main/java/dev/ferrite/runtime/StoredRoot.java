package dev.ferrite.runtime;

import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.format.RecordHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A named root as the heap stores it, for tools that read a heap without the application's
 * classes (see {@link Heap#forEachRecord}).
 *
 * @param name the root's name
 * @param offset where the block it names starts: the value references to it hold
 * @param typeName the schema name of the record there, or the name of the runtime's block
 *     (such as {@code ferrite.SortedMap}) for a collection
 */
public record StoredRoot(String name, long offset, String typeName) {

    public StoredRoot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(typeName, "typeName");
    }

    /** The roots of {@code heap}, sorted by name. */
    public static List<StoredRoot> of(Heap heap) {
        HeapCore core = heap.core();
        List<StoredRoot> roots = new ArrayList<>();
        for (String name : core.rootNames()) {
            long offset = core.root(name);
            roots.add(new StoredRoot(name, offset, core.typeName(RecordHeader.typeId(core.segment(), offset))));
        }
        return roots;
    }
}
