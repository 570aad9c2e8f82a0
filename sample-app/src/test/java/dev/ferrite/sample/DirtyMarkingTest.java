package dev.ferrite.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsUnmarkedWriteException;
import dev.ferrite.runtime.UnmarkedWriteException;
import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.sample.bank.AccountStatus;
import dev.ferrite.sample.bank.Bank;
import dev.ferrite.sample.wordfreq.WordFrequencies;
import java.io.BufferedReader;
import java.io.StringReader;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Realistic workloads on heaps in checked mode, where every commit asks the kernel's page map
 * which pages were written and fails if one of them was not marked dirty: proof that generated
 * flyweights, the allocator and the collections mark every byte they write.
 */
class DirtyMarkingTest {
    private static final HeapOptions CHECKED = HeapOptions.builder().checkDirtyMarks(true).build();

    @TempDir
    Path dir;

    @Test
    void bankAndWordCountsMarkEveryPageTheyWrite() throws Exception {
        try (Heap heap = Heap.open(dir.resolve("bank.heap"), CHECKED)) {
            Bank bank = new Bank(heap, 500, 1_000);
            SplittableRandom random = new SplittableRandom(7);
            for (int commit = 0; commit < 20; commit++) {
                for (int transfer = 0; transfer < 200; transfer++) {
                    bank.transfer(random, () -> {});
                }
                bank.ledger().lastRun("commit " + commit);
                bank.commit();
            }
            assertEquals(500_000, bank.sumOfBalances());
        }
        try (Heap heap = Heap.open(dir.resolve("words.heap"), CHECKED)) {
            WordFrequencies frequencies = new WordFrequencies(heap, 500);
            StringBuilder text = new StringBuilder();
            SplittableRandom random = new SplittableRandom(11);
            for (int word = 0; word < 20_000; word++) {
                text.append("w").append(random.nextInt(5_000)).append(word % 17 == 0 ? '\n' : ' ');
            }
            frequencies.count(new BufferedReader(new StringReader(text.toString())));
            frequencies.finish();
        }
    }

    @Test
    void everyGeneratedSetterMarksWhatItWrites() {
        try (Heap heap = Heap.open(dir.resolve("everything.heap"), CHECKED)) {
            Everything previous = null;
            for (int n = 0; n < 200; n++) {
                Everything e = heap.allocate(Everything.class);
                e.b((byte) n);
                e.s((short) -n);
                e.c((char) ('a' + n % 26));
                e.i(n * 1_000);
                e.l(-n * 1_000_000L);
                e.f(n / 3f);
                e.d(n / 7.0);
                e.flag(n % 2 == 0);
                e.status(n % 3 == 0 ? null : AccountStatus.FROZEN);
                e.code("é" + n);
                e.note("note " + n);
                e.note("replaced note " + n);
                e.next(previous);
                e.origin().x(n);
                e.origin().y(-n);
                e.samples(0, n);
                e.samples(699, -n);
                e.tags(2, "tag " + n);
                previous = e;
                if (n % 50 == 49) {
                    heap.commit();
                }
            }
            heap.root("last", Everything.class);
            heap.commit();
        }
    }

    @Test
    void anUnmarkedWriteIsCaughtAndNothingIsCommitted() {
        Path file = dir.resolve("unmarked.heap");
        try (Heap heap = Heap.open(file, CHECKED)) {
            heap.root("point", Point.class).x(1);
            heap.commit();
        }
        try (Heap heap = Heap.open(file, CHECKED)) {
            PointFlyweight point = (PointFlyweight) heap.root("point", Point.class);
            point.store().segment().set(ValueLayout.JAVA_INT_UNALIGNED, point.offset() + PointFlyweight.OFFSET_X, 5);
            UnmarkedWriteException unmarked = assertThrows(UnmarkedWriteException.class, heap::commit);
            assertInstanceOf(FamsUnmarkedWriteException.class, unmarked.getCause());
            assertTrue(unmarked.getMessage().contains("0x" + Long.toHexString(point.offset() / 4096 * 4096)), unmarked.getMessage());
        }
        try (Heap heap = Heap.open(file)) {
            assertEquals(1, heap.root("point", Point.class).x());
        }
    }
}
