package dev.ferrite.fams.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsUnsupportedFormatException;
import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.protocol.RedoProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Damaged redo logs: every bit flipped once, every truncation length. Recovery must either
 * restore exactly a commit (the last one, or, where the damage ends the log, the one before the
 * damaged frame: a torn tail and a damaged last frame look alike) or refuse with a
 * {@link FamsCorruptException}, changing nothing; it never applies a damaged frame and never
 * leaves a mix.
 */
class RedoBadInputTest {
    private static final Path DIR = Path.of("/simulated");
    private static final LogFiles FILES = new LogFiles(DIR.resolve("heap.dat"));
    private static final String DATA = "heap.dat";
    private static final String LOG = "heap.dat.fams-redo";
    private static final int PAGE = Stamps.PAGE;
    private static final int COMMITS = 6;

    /** The image of every commit, by number. */
    private static final List<byte[]> IMAGES = new ArrayList<>();
    /**
     * Commits 1 (checkpointed), then 2..6 only in the log's frames, all synced. Pages stamped whole
     * are logged whole; commit 5 fills page 1 with random bytes, and commit 6 inserts 40 bytes into
     * it, which its frame holds as a move record and the 40 new bytes.
     */
    private static Map<String, byte[]> state;

    @BeforeAll
    static void buildState() throws IOException {
        SimDisk disk = new SimDisk(DIR);
        byte[] memory = new byte[4 * PAGE];
        IMAGES.add(new byte[0]);
        try (RedoProtocol p = RedoProtocol.open(disk, FILES, true, 1 << 20)) {
            p.ensureSize(memory.length);
            for (int c = 1; c <= COMMITS; c++) {
                long[] pages = c == 1 ? new long[] {0, 1, 2, 3} : new long[] {c <= 4 ? c - 1 : 1};
                if (c == 5) {
                    byte[] random = new byte[PAGE];
                    new Random(5).nextBytes(random);
                    System.arraycopy(random, 0, memory, PAGE, PAGE);
                } else if (c == 6) {
                    System.arraycopy(memory, PAGE + 100, memory, PAGE + 140, PAGE - 140);
                    Arrays.fill(memory, PAGE + 100, PAGE + 140, (byte) 6);
                } else {
                    for (long page : pages) {
                        Stamps.stamp(memory, c, page);
                    }
                }
                if (c == 3) {
                    memory[10] = 7; // a second page, one line, in the middle frame
                    pages = new long[] {0, 2};
                }
                byte[] m = memory;
                p.commit(pages, (off, len) -> ByteBuffer.wrap(m, (int) off, len), m.length);
                IMAGES.add(memory.clone());
                if (c == 1) {
                    p.checkpoint();
                }
            }
            state = disk.afterProcessCrash().currentView(); // as a crash leaves it: nothing checkpointed after 1
        }
    }

    private record Outcome(long commit, boolean refused) {}

    private static Outcome recover(Map<String, byte[]> s, String what) {
        SimDisk d = SimDisk.of(DIR, s);
        try (RedoProtocol p = RedoProtocol.open(d, FILES, true, 1 << 20)) {
            long n = p.commitNumber();
            assertArrayEquals(IMAGES.get((int) n), d.currentView().get(DATA), what + ": recovered commit " + n
                    + " but the data differ");
            return new Outcome(n, false);
        } catch (FamsCorruptException | FamsUnsupportedFormatException e) {
            assertFalse(e.getMessage().isBlank(), what);
            assertArrayEquals(s.get(DATA), d.currentView().get(DATA), what + ": a refused recovery changed the data");
            return new Outcome(-1, true);
        } catch (IOException e) {
            throw new AssertionError(what, e);
        }
    }

    private static Map<String, byte[]> withLog(UnaryOperator<byte[]> change) {
        Map<String, byte[]> s = new LinkedHashMap<>(state);
        s.put(LOG, change.apply(state.get(LOG).clone()));
        return s;
    }

    @Test
    void theUndamagedLogRecoversTheLastCommit() {
        assertEquals(new Outcome(COMMITS, false), recover(state, "undamaged"));
    }

    @Test
    void bitFlipsInTheLog() {
        int length = state.get(LOG).length;
        long[] counts = new long[COMMITS + 2]; // refused, then restored commit 0..COMMITS
        int headerRefused = 0;
        for (int i = 0; i < length; i++) {
            int at = i;
            Outcome o = recover(withLog(b -> {
                b[at] ^= (byte) (1 << (at % 8));
                return b;
            }), "bit " + (at % 8) + " of byte " + at + " flipped");
            counts[o.refused() ? 0 : (int) o.commit() + 1]++;
            if (at < 508 && o.refused()) {
                headerRefused++;
            }
            if (at >= 4096) {
                assertTrue(o.refused() || o.commit() >= 1, "a damaged frame never takes the checkpoint back");
            }
        }
        System.out.printf("bit flips in the redo log: %d bytes; %d refused, restored commit 1..%d: %s%n", length,
                counts[0], COMMITS, Arrays.toString(Arrays.copyOfRange(counts, 2, COMMITS + 2)));
        assertEquals(508, headerRefused, "every flip in the header's checksummed bytes is refused");
        assertTrue(counts[0] > 508, "a damaged frame followed by a synced one is refused as damage");
        assertTrue(counts[COMMITS] > 0, "damage in the last frame ends the log before it");
    }

    @Test
    void truncationAtEveryOffset() {
        int length = state.get(LOG).length;
        long[] counts = new long[COMMITS + 2];
        for (int n = 0; n < length; n++) {
            int keep = n;
            Outcome o = recover(withLog(b -> Arrays.copyOf(b, keep)), "log truncated to " + keep + " bytes");
            counts[o.refused() ? 0 : (int) o.commit() + 1]++;
            if (keep < 512) {
                assertTrue(o.refused(), "a log without its header is refused");
            } else {
                assertTrue(!o.refused() && o.commit() >= 1, "a cut log keeps the checkpoint and whole frames");
            }
        }
        System.out.printf("truncated redo logs: %d lengths; %d refused, restored commit 1..%d: %s%n", length,
                counts[0], COMMITS, Arrays.toString(Arrays.copyOfRange(counts, 2, COMMITS + 2)));
    }
}
