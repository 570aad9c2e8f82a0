package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.collection.MapHeader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code previous-release/string-maps.heap} and its redo log were written by the release before
 * maps kept their strings in their leaves: a map "names" of 2,000 long keys to strings (every
 * hundredth from 7 null, every 250th from 3 a string of 3,000 bytes or more) and a map "cities"
 * of 300 string keys, a quarter longer than a key slot holds, to strings. Those maps keep their
 * format, each string in a heap block of its own, and go on working in it: read, written,
 * removed from (which packs their strings as before), verified and reopened; a map created
 * beside them keeps its strings in its leaves.
 */
class PreviousStringMapsTest {
    @TempDir
    Path dir;

    @Test
    void mapsOfStringsOfThePreviousReleaseKeepTheirFormatAndGoOnWorking() throws IOException {
        Path file = copyPreviousRelease();
        TreeMap<Long, String> names = expectedNames();
        TreeMap<String, String> cities = expectedCities();
        try (Heap heap = Heap.open(file)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.root(heap, "names", KeyType.LONG, ValueType.STRING);
            PersistentSortedMap<String, String> byCity =
                    PersistentSortedMap.root(heap, "cities", KeyType.STRING, ValueType.STRING);
            assertEquals(names, new TreeMap<>(map));
            assertEquals(cities, new TreeMap<>(byCity));
            assertFalse(leafStrings(heap, map.handle()), "the old map keeps its heap strings");
            assertEquals(List.of(), heap.verify());

            for (Long k : new ArrayList<>(names.keySet())) {
                if (k % 3 != 0) {
                    assertEquals(names.remove(k), map.remove(k));
                }
            }
            for (long k = 2_000; k < 2_500; k++) {
                map.put(k, "added " + k);
                names.put(k, "added " + k);
            }
            byCity.put("city number 5", "replaced");
            cities.put("city number 5", "replaced");
            PersistentSortedMap<Long, String> fresh = PersistentSortedMap.root(heap, "fresh", KeyType.LONG, ValueType.STRING);
            fresh.put(1L, "kept in the leaf");
            assertTrue(leafStrings(heap, fresh.handle()), "a new map keeps its strings in its leaves");
            heap.commit();
            assertEquals(List.of(), heap.verify());
        }
        try (Heap heap = Heap.open(file)) {
            PersistentSortedMap<Long, String> map = PersistentSortedMap.root(heap, "names", KeyType.LONG, ValueType.STRING);
            assertEquals(names, new TreeMap<>(map));
            assertFalse(leafStrings(heap, map.handle()));
            assertEquals(cities, new TreeMap<>(PersistentSortedMap.root(heap, "cities", KeyType.STRING, ValueType.STRING)));
            assertEquals("kept in the leaf",
                    PersistentSortedMap.root(heap, "fresh", KeyType.LONG, ValueType.STRING).get(1L));
            assertEquals(List.of(), heap.verify());
        }
    }

    private static boolean leafStrings(Heap heap, long handle) {
        return MapHeader.read(heap.core().segment(), handle).leafStrings();
    }

    private Path copyPreviousRelease() throws IOException {
        for (String name : List.of("string-maps.heap", "string-maps.heap.fams-redo")) {
            try (InputStream in = PreviousStringMapsTest.class.getResourceAsStream("/previous-release/" + name)) {
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir.resolve("string-maps.heap");
    }

    /** What the previous release wrote into "names". */
    private static TreeMap<Long, String> expectedNames() {
        TreeMap<Long, String> names = new TreeMap<>();
        for (long k = 0; k < 2_000; k++) {
            names.put(k, k % 100 == 7 ? null : k % 250 == 3 ? ("long " + k + " ").repeat(300) : "name " + k);
        }
        return names;
    }

    /** What the previous release wrote into "cities". */
    private static TreeMap<String, String> expectedCities() {
        TreeMap<String, String> cities = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            cities.put("city number " + i + (i % 4 == 0 ? " with a name longer than a key slot holds" : ""),
                    "country " + (i % 17));
        }
        return cities;
    }
}
