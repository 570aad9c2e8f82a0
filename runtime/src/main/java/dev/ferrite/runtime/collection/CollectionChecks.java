package dev.ferrite.runtime.collection;

import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.struct.RecordHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * The structure checks of every sorted map and list in a heap, for {@code Heap.verify()}: the
 * heap's own verifier knows records and strings, and each collection checks its blocks and its
 * stored counts (a list whose size is -1 must not verify clean).
 */
public final class CollectionChecks {
    private CollectionChecks() {}

    /** The problems of every collection whose header block is allocated in {@code heap}, each saying where. */
    public static List<String> problems(HeapCore heap, String source) {
        List<String> problems = new ArrayList<>();
        heap.forEachBlock((offset, size) -> {
            int typeId = RecordHeader.typeId(heap.segment(), offset);
            if (typeId == ChunkedList.HEADER_TYPE_ID) {
                check(problems, source + ": the list at offset " + offset + ": ", () -> ChunkedList.open(heap, offset).problems());
            } else if (typeId == NodeFormat.MAP_TYPE_ID) {
                check(problems, source + ": the sorted map at offset " + offset + ": ",
                        () -> TreeVerifier.verify(heap, offset).problems());
            }
        });
        return problems;
    }

    private static void check(List<String> problems, String where, java.util.function.Supplier<List<String>> check) {
        try {
            check.get().forEach(problem -> problems.add(where + problem));
        } catch (FerriteException | IllegalArgumentException | IndexOutOfBoundsException e) {
            problems.add(where + e.getMessage());
        }
    }
}
