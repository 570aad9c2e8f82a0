package dev.ferrite.fams.space;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The bookkeeping of released pages: overlaps keep the later commit, written pages drop out. */
class ReleasedPagesTest {
    @Test
    void overlappingRunsKeepTheLaterCommitAndWrittenPagesAreTakenOut() {
        ReleasedPages pages = new ReleasedPages();
        pages.add(10, 10, 5);
        pages.add(15, 10, 7);
        pages.written(new long[] {12, 16});
        assertEquals(List.of(new ReleasedPages.Run(10, 2, 5), new ReleasedPages.Run(13, 2, 5)), pages.due(6));
        assertEquals(List.of(), pages.due(6), "nothing else is due before commit 7");
        assertEquals(List.of(new ReleasedPages.Run(15, 1, 7), new ReleasedPages.Run(17, 3, 7),
                new ReleasedPages.Run(20, 5, 7)), pages.due(7));
        assertEquals(true, pages.isEmpty());
    }

    @Test
    void aClearedSetHasNothingDue() {
        ReleasedPages pages = new ReleasedPages();
        pages.add(0, 4, 1);
        pages.clear();
        assertEquals(List.of(), pages.due(Long.MAX_VALUE));
    }
}
