package dev.ferrite.fams.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.log.FrameRecords;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How {@link PageDelta} logs the nodes of a sorted map of string keys and counters: 32-byte
 * entries (a 4-byte length, 20 bytes of key, an 8-byte count) after a 32-byte node header, where
 * an insertion shifts the entries after it.
 */
class PageDeltaTest {
    private static final int PAGE = 4096;
    private static final int ENTRIES = 32;
    private static final int ENTRY = 32;

    private static byte[] node(TreeMap<String, Long> counts) {
        byte[] page = new byte[PAGE];
        page[8] = (byte) counts.size();
        int at = ENTRIES;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            byte[] key = e.getKey().getBytes(StandardCharsets.US_ASCII);
            page[at] = (byte) key.length;
            System.arraycopy(key, 0, page, at + 4, key.length);
            for (int i = 0; i < 8; i++) {
                page[at + 24 + i] = (byte) (e.getValue() >>> (8 * i));
            }
            at += ENTRY;
        }
        return page;
    }

    /** Keys of 2 to 4 characters, so that many entries end in zero padding. */
    private static TreeMap<String, Long> words(int count) {
        TreeMap<String, Long> counts = new TreeMap<>();
        for (int i = 0; counts.size() < count; i++) {
            counts.put(Long.toString(36 + i * 2_654_435_761L % 1_600_000, 36), (long) (i % 5 + 1));
        }
        return counts;
    }

    /** Applies records as replay does: the moves in their order, then the new bytes. */
    private static byte[] replay(byte[] old, FrameRecords changes) {
        byte[] page = old.clone();
        for (int i = 0; i < changes.size(); i++) {
            if (changes.isMove(i)) {
                System.arraycopy(page, (int) changes.movedFrom(i), page, (int) changes.fileOffset(i), changes.length(i));
            }
        }
        for (int i = 0; i < changes.size(); i++) {
            if (!changes.isMove(i)) {
                System.arraycopy(changes.source(i), changes.sourceOffset(i), page, (int) changes.fileOffset(i),
                        changes.length(i));
            }
        }
        return page;
    }

    private static long loggedBytes(FrameRecords changes) {
        return changes.loggedBytes() + 12L * changes.size();
    }

    private static long moves(FrameRecords changes) {
        long moves = 0;
        for (int i = 0; i < changes.size(); i++) {
            moves += changes.isMove(i) ? 1 : 0;
        }
        return moves;
    }

    @Test
    void anInsertionIsOneMoveAndTheNewEntryOnceItsShiftIsKnown() {
        PageDelta delta = new PageDelta();
        TreeMap<String, Long> counts = words(60);
        for (String key : new String[] {"hello", "kz", "d0g"}) {
            byte[] old = node(counts);
            counts.put(key, 1L);
            byte[] now = node(counts);
            FrameRecords changes = new FrameRecords();
            delta.encode(old, now, 0, changes);
            assertArrayEquals(now, replay(old, changes), key);
            if (!key.equals("hello")) {
                // the entries after the new one match themselves at shift 0 in stretches
                // (zero padding): the known shift is still tried where they start
                assertEquals(3, changes.size(), key + ": " + changes);
                assertEquals(1, moves(changes), key + ": " + changes);
            }
        }
    }

    @Test
    void countersChangedBesideAnInsertionAreShortRunsOverOneMove() {
        PageDelta delta = new PageDelta();
        TreeMap<String, Long> counts = words(60);
        byte[] old = node(counts);
        counts.put("hello", 1L);
        delta.encode(old, node(counts), 0, new FrameRecords()); // learns the shift of an insertion
        old = node(counts);
        counts.put("kz", 1L);
        int changed = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getKey().compareTo("kz") > 0 && e.getKey().hashCode() % 3 == 0) {
                e.setValue(e.getValue() + 1);
                changed++;
            }
        }
        byte[] now = node(counts);
        FrameRecords changes = new FrameRecords();
        delta.encode(old, now, 0, changes);
        assertArrayEquals(now, replay(old, changes));
        assertEquals(1, moves(changes), changes.toString());
        assertTrue(changed >= 5, "the test changes counters among the shifted entries: " + changed);
        // the move, the count, the new entry (in at most two runs) and a run of one byte per changed counter
        assertTrue(loggedBytes(changes) <= 20 + 16 + 2 * 44 + 13L * changed, loggedBytes(changes) + " bytes: " + changes);
    }
}
