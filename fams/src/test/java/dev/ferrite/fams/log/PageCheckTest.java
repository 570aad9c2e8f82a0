package dev.ferrite.fams.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ferrite.fams.sim.Stamps;
import dev.ferrite.fams.storage.FileId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The checks of new page contents that logs of each format carry. */
class PageCheckTest {
    private static final LogIdentity ID = LogIdentity.random("heap.dat", new FileId(12, 34, 56));

    /** Pages laid out like a heap's page 0: two halves, each ending with its own CRC32C. */
    private static ByteBuffer selfChecked(long commit) {
        byte[] page = new byte[LogFormat.PAGE_SIZE];
        Stamps.stampSelfChecked(page, commit, 0);
        return ByteBuffer.wrap(page);
    }

    @Test
    void theChecksOfFormat3CannotTellPagesThatEndInTheirOwnCrc32cApart() {
        PageCheck format3 = PageCheck.forFormat(3, ID);
        assertEquals(format3.fingerprint(selfChecked(1)), format3.fingerprint(selfChecked(2)));
    }

    @Test
    void theChecksOfFormat4TellThemApart() {
        PageCheck format4 = PageCheck.forFormat(LogHeader.FORMAT_VERSION, ID);
        for (long commit = 1; commit < 100; commit++) {
            assertNotEquals(format4.fingerprint(selfChecked(commit)), format4.fingerprint(selfChecked(commit + 1)),
                    "commit " + commit);
            assertNotEquals(format4.check(selfChecked(commit)), format4.check(selfChecked(commit + 1)));
        }
    }

    @Test
    void theFingerprintIsTheHighHalfOfTheCheck() {
        PageCheck format4 = PageCheck.forFormat(LogHeader.FORMAT_VERSION, ID);
        assertEquals((int) (format4.check(selfChecked(3)) >>> 32), format4.fingerprint(selfChecked(3)));
    }

    /** Values published with XXH64 (and by the python-xxhash package), so logs stay readable by any implementation. */
    @Test
    void xxh64MatchesItsSpecification() {
        assertEquals(0xEF46DB3751D8E999L, PageCheck.xxh64(ByteBuffer.allocate(0), 0));
        assertEquals(0x44BC2CF5AD770999L, PageCheck.xxh64(ascii("abc"), 0));
        assertEquals(0xFBCEA83C8A378BF1L, PageCheck.xxh64(ascii("Nobody inspects the spammish repetition"), 0));
    }

    @Test
    void theCheckCoversOnlyTheRemainingBytes() {
        ByteBuffer b = ascii("xxabcxx").position(2).limit(5);
        assertEquals(0x44BC2CF5AD770999L, PageCheck.xxh64(b, 0));
        assertEquals(2, b.position(), "the buffer is not consumed");
    }

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
