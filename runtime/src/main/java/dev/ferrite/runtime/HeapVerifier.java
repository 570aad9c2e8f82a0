package dev.ferrite.runtime;

import dev.ferrite.runtime.verify.HeapWalk;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The full integrity check of a heap file behind {@code ferrite verify}, with the heap's
 * catalog alone (no application classes). Opening the heap checks the header copies, the page
 * table of every used page, the type catalog and the root table; beyond that the verifier
 * <ul>
 *   <li>reports a damaged header copy, although the other one let the heap open;</li>
 *   <li>checks that allocated blocks do not overlap;</li>
 *   <li>walks everything reachable from the roots: struct records through the reference, heap
 *       string and embedded fields their catalog entries describe, and the runtime's sorted maps
 *       and lists through their own structure checks, values included; a {@code long} that holds
 *       the handle of a collection counts as a reference to it;</li>
 *   <li>checks every record reached (size, version, enum codes, booleans, fixed strings), every
 *       reference (in the data pages, 8-aligned, at an allocated block holding a record of the
 *       field's target type) and every heap string (in its block, valid UTF-8, referenced by one
 *       field only);</li>
 *   <li>reports every allocated block that nothing reaches as a leak.</li>
 * </ul>
 * Blocks that nothing reaches are checked too, after they are reported. It reads every block
 * once, so it takes time in proportion to the heap's contents. {@link Heap#verify()} makes the same
 * check on an open heap.
 */
public final class HeapVerifier {

    private HeapVerifier() {}

    /**
     * Verifies the heap at {@code path}, opened read-only.
     *
     * @throws CorruptHeapException if the heap cannot be opened: its header, page table, catalog or
     *     root table is damaged
     * @throws FerriteException if the file does not exist or cannot be read
     */
    public static VerifyReport verify(Path path) {
        return verify(path, (done, total) -> { });
    }

    /** {@link #verify(Path)}, reporting progress to {@code progress}. */
    public static VerifyReport verify(Path path, VerifyReport.Progress progress) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(progress, "progress");
        try (Heap heap = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
            return new HeapWalk(heap.core(), path, progress).run();
        }
    }
}
