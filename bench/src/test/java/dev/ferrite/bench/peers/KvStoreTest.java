package dev.ferrite.bench.peers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.Durability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every peer's driver keeps the {@link KvStore} contract, on the real store, at both durabilities. */
class KvStoreTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = Store.class, names = "FERRITE", mode = EnumSource.Mode.EXCLUDE)
    void readsSeeOwnWritesAndOnlyCommitsSurviveReopening(Store store) {
        for (Durability durability : Durability.values()) {
            Path home = dir.resolve(durability.name());
            home.toFile().mkdirs();
            try (KvStore kv = store.keyValue(home, durability)) {
                kv.put(bytes("a"), bytes("1"));
                kv.put(bytes("b"), bytes("2"));
                assertArrayEquals(bytes("1"), kv.get(bytes("a")), "a read sees the transaction's own write");
                kv.commit();
                kv.put(bytes("a"), bytes("3"));
                assertTrue(kv.delete(bytes("b")));
                assertFalse(kv.delete(bytes("absent")));
                assertNull(kv.get(bytes("b")));
                kv.put(bytes("c"), bytes("4"));
                kv.commit();
                kv.put(bytes("uncommitted"), bytes("5"));
                kv.put(bytes("a"), bytes("6"));
            }
            try (KvStore kv = store.keyValue(home, durability)) {
                assertEquals(Map.of("a", "3", "c", "4"), contents(kv), store + " " + durability);
            }
        }
    }

    private static Map<String, String> contents(KvStore kv) {
        Map<String, String> contents = new TreeMap<>();
        kv.forEach((k, v) -> contents.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8)));
        return contents;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
