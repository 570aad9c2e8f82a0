package dev.ferrite.runtime.collection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link StringCompression}: what it codes comes back byte for byte, and damaged codings are refused. */
class StringCompressionTest {
    private final StringCompression compression = new StringCompression();

    @Test
    void everyCodedValueDecodesToItsBytes() {
        SplittableRandom random = new SplittableRandom(3);
        int coded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] raw = sample(random, i);
            byte[] packed = compression.compress(raw);
            if (packed == null) {
                continue;
            }
            coded++;
            assertTrue(packed.length <= raw.length - raw.length / 8, "saves an eighth: " + packed.length + " of " + raw.length);
            assertArrayEquals(raw, StringCompression.decompress(packed, packed.length), "sample " + i);
        }
        assertTrue(coded > 5_000, coded + " of the samples coded");
    }

    @Test
    void valuesThatDoNotRepeatOrAreShortAreLeftAsTheyAre() {
        assertNull(compression.compress("fifteen bytes!!".getBytes(StandardCharsets.UTF_8)));
        byte[] random = new byte[1_000];
        new SplittableRandom(5).nextBytes(random);
        assertNull(compression.compress(random));
        assertNull(compression.compress(new byte[StringCompression.LONGEST + 1]));
    }

    @Test
    void aRepeatedFillerTakesAFewBytes() {
        byte[] raw = ("123456" + "x".repeat(94)).getBytes(StandardCharsets.UTF_8);
        byte[] packed = compression.compress(raw);
        assertNotNull(packed);
        assertTrue(packed.length <= 14, packed.length + " bytes");
        byte[] longest = "ab".repeat(StringCompression.LONGEST / 2).getBytes(StandardCharsets.UTF_8);
        byte[] packedLongest = compression.compress(longest);
        assertTrue(packedLongest.length < 400, packedLongest.length + " bytes");
        assertArrayEquals(longest, StringCompression.decompress(packedLongest, packedLongest.length));
    }

    /**
     * After many values that do not repeat, only some are tried; one that compresses among them
     * turns coding back on for every value.
     */
    @Test
    void afterManyValuesThatDoNotCompressOnlySomeAreTriedUntilOneDoes() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 100; i++) {
            byte[] noise = new byte[100];
            random.nextBytes(noise);
            assertNull(compression.tryCompress(noise));
        }
        byte[] repeating = ("12345" + "y".repeat(95)).getBytes(StandardCharsets.UTF_8);
        int tries = 0;
        while (compression.tryCompress(repeating) == null) {
            tries++;
            assertTrue(tries < 32, "coded again within 32 values");
        }
        assertTrue(tries > 0, "not every value was tried");
        for (int i = 0; i < 100; i++) {
            assertNotNull(compression.tryCompress(repeating), "value " + i + " after one compressed");
        }
    }

    /**
     * Every truncation of a coding, and random changes to its bytes, decode to null or to a value
     * of the length the coding claims: never past the input or the output, never an exception.
     */
    @Test
    void damagedCodingsAreRefusedNeverReadPast() {
        SplittableRandom random = new SplittableRandom(7);
        int refused = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] raw = sample(random, i);
            byte[] packed = raw.length > 3_000 ? null : compression.compress(raw);
            if (packed == null) {
                continue;
            }
            for (int cut = 0; cut < packed.length; cut += 1 + packed.length / 100) {
                assertNull(StringCompression.decompress(packed, cut), "a coding cut at " + cut + " of " + packed.length);
                refused++;
            }
            for (int change = 0; change < 20; change++) {
                byte[] damaged = packed.clone();
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
                byte[] decoded = StringCompression.decompress(damaged, damaged.length);
                if (decoded == null) {
                    refused++;
                }
            }
            byte[] garbage = new byte[1 + random.nextInt(40)];
            random.nextBytes(garbage);
            StringCompression.decompress(garbage, garbage.length);
        }
        assertTrue(refused > 5_000, refused + " damaged codings refused");
        assertEquals(0, StringCompression.decompress(new byte[] {0}, 1).length, "the empty value");
    }

    /** Values of every kind around the limits: fillers, patterns, text, UTF-8, random bytes, long runs. */
    private static byte[] sample(SplittableRandom random, int i) {
        int length = switch (i % 5) {
            case 0 -> 16 + random.nextInt(100);
            case 1 -> random.nextInt(2_000);
            case 2 -> 90 + random.nextInt(20);
            case 3 -> 270 + random.nextInt(30); // extended literal and match lengths
            default -> random.nextInt(70_000);
        };
        byte[] raw = new byte[length];
        int alphabet = 1 + random.nextInt(i % 3 == 0 ? 4 : 64);
        int period = 1 + random.nextInt(300);
        for (int k = 0; k < length; k++) {
            raw[k] = switch (i % 4) {
                case 0 -> (byte) ('a' + random.nextInt(alphabet));
                case 1 -> k >= period ? raw[k - period] : (byte) random.nextInt(256);
                case 2 -> random.nextInt(10) == 0 ? (byte) random.nextInt(256) : (byte) ('0' + k % 10);
                default -> (byte) (random.nextInt(50) == 0 ? random.nextInt(256) : 'z');
            };
        }
        return raw;
    }
}
