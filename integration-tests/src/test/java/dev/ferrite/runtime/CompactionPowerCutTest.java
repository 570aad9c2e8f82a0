package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.runtime.testing.Account;
import dev.ferrite.test.PowerCutReport;
import dev.ferrite.test.PowerCuts;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A compaction in the undo commit mode, power cut at every instant: every disk left opens as the
 * heap before the compaction or the heap after it, record for record (where each record is and
 * what it holds), never a mix, with the data intact. The compaction moves records down and cuts the
 * file's end off, which the undo mode first punches out of the file: the simulated disk sees that
 * punch like any write, so states in which it is lost or kept are both checked.
 */
class CompactionPowerCutTest {
    private static final long SEED = 20261207L;
    private static final HeapOptions UNDO = HeapOptions.builder().commitMode(CommitMode.UNDO).build();
    private static final int KEPT = 24;
    private static final int BIG = 600 << 10;

    @Test
    void everyPowerCutDuringAnUndoCompactionLeavesTheHeapBeforeOrAfterIt() {
        // Where every record is and what it holds, before and after; written by setup and workload.
        Set<String> layouts = ConcurrentHashMap.newKeySet();
        long[] sizes = new long[2];
        PowerCutReport report = PowerCuts.of(heapFile -> {
                    try (Heap heap = Heap.open(heapFile, UNDO)) {
                        CompactionReport compaction = heap.compact();
                        assertTrue(compaction.blocksMoved() > 0, compaction.toString());
                        assertTrue(compaction.fileSizeAfter() < compaction.fileSizeBefore(), compaction.toString());
                        assertEquals(compaction.fileSizeAfter(), Files.size(heapFile), "the file is cut");
                        sizes[1] = compaction.fileSizeAfter();
                        layouts.add(layout(heap));
                    }
                })
                .startingFrom(heapFile -> {
                    try (Heap heap = Heap.open(heapFile, UNDO)) {
                        build(heap);
                        sizes[0] = Files.size(heapFile);
                        layouts.add(layout(heap));
                    }
                })
                .openWith(heapFile -> Heap.open(heapFile, UNDO))
                .invariant(heap -> {
                    checkChain(heap);
                    assertEquals(List.of(), heap.verify());
                    assertTrue(layouts.contains(layout(heap)), "neither the heap before the compaction nor after it");
                })
                .seed(SEED)
                .run();
        assertEquals(2, layouts.size(), "the compaction moved records");
        assertTrue(sizes[1] < sizes[0], Arrays.toString(sizes));
        assertTrue(report.statesChecked() > report.crashPoints(), report.toString());
        System.out.println("undo compaction under power cuts: " + report);
    }

    /**
     * A chain of {@link #KEPT} small records under root "chain", each allocated after small filler
     * and above large filler that grew the heap by regions; the filler is then freed, so that a
     * compaction moves the chain down and drops the regions above it.
     */
    private static void build(Heap heap) {
        Account previous = heap.root("chain", Account.class);
        List<Account> filler = new ArrayList<>();
        for (int i = 0; i < KEPT; i++) {
            for (int f = 0; f < 4; f++) {
                Account waste = heap.allocate(Account.class);
                waste.memo("filler " + i + "/" + f + "-".repeat(200));
                filler.add(waste);
            }
            if (i % 8 == 0) {
                Account big = heap.allocate(Account.class);
                big.memo("b".repeat(BIG));
                filler.add(big);
            }
            Account a = heap.allocate(Account.class);
            a.id(i);
            a.memo(memo(i));
            previous.referrer(a);
            previous = a;
        }
        heap.commit();
        filler.forEach(heap::free);
        heap.commit();
    }

    private static String memo(int i) {
        return "kept " + i + "=".repeat(100 + i);
    }

    private static void checkChain(Heap heap) {
        Account a = heap.root("chain", Account.class).referrer();
        for (int i = 0; i < KEPT; i++, a = a.referrer()) {
            assertEquals(i, a.id());
            assertEquals(memo(i), a.memo());
        }
        assertEquals(null, a, "the chain ends after " + KEPT + " records");
    }

    /** Every record's offset, type and bytes, in a string. */
    private static String layout(Heap heap) {
        StringBuilder out = new StringBuilder();
        heap.forEachRecord(r -> out.append(r.offset()).append(' ').append(r.schemaName()).append(' ')
                .append(HexFormat.of().formatHex(r.bytes().toArray(ValueLayout.JAVA_BYTE))).append('\n'));
        return out.toString();
    }
}
