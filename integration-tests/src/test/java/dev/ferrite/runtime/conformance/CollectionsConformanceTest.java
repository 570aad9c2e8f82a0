package dev.ferrite.runtime.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.collect.testing.ListTestSuiteBuilder;
import com.google.common.collect.testing.NavigableMapTestSuiteBuilder;
import com.google.common.collect.testing.NavigableSetTestSuiteBuilder;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.Feature;
import com.google.common.collect.testing.features.ListFeature;
import com.google.common.collect.testing.features.MapFeature;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.ValueType;
import dev.ferrite.runtime.testing.Counter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import junit.framework.TestFailure;
import junit.framework.TestResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Guava's conformance suites for {@link java.util.NavigableMap}, {@link java.util.NavigableSet}
 * and {@link java.util.List} — written against the {@code java.util} contracts, not against
 * Ferrite — run on heap-backed collections of each key and value type, with every feature that
 * holds declared, so that each declared feature's cases run: long, String, int, UUID and enum
 * keys; long, double, String and reference values. {@code byte[]} keys are left out: the suites
 * compare keys with {@code equals}, which arrays inherit from {@code Object}.
 *
 * <p>Not declared, because they do not hold: null keys ({@code ALLOWS_NULL_KEYS}, {@code
 * ALLOWS_NULL_KEY_QUERIES}: keys are never null and queries with null throw {@link
 * NullPointerException}, as {@link java.util.TreeMap}'s do); null values in maps and lists of
 * {@code long}s and {@code double}s; adding to a key set ({@code SUPPORTS_ADD}: a key needs a value,
 * as with {@code TreeMap.keySet()}); {@code SERIALIZABLE} (a collection is a view of an open heap). Maps of owned
 * struct values are not run: their values are made by {@code getOrCreate}, so {@code put} and
 * {@code setValue} are refused by design and the samples a generator needs cannot exist outside
 * the map.
 *
 * <p>Each of Guava's suites runs as one test here, through JUnit 3's own runner: the suites hold
 * about 140,000 cases, which run in seconds, while reporting each of them to the build one by one
 * (as the JUnit vintage engine does) takes the build many minutes.
 */
class CollectionsConformanceTest {
    private static final List<Long> LONG_KEYS = List.of(-900L, -40L, -3L, 0L, 7L, 1L << 40, Long.MAX_VALUE - 1, Long.MAX_VALUE,
            Long.MIN_VALUE).stream().sorted().toList();
    private static final List<String> STRING_KEYS =
            List.of("", "a", "b", "bb", "k\u00e9y", "long key, longer than twenty bytes", "z", "\ud83d\ude00", "\uffff");

    private static final List<Integer> INT_KEYS = List.of(Integer.MIN_VALUE, -70_000, -1, 0, 1, 2, 300, 1 << 30,
            Integer.MAX_VALUE);
    private static final List<UUID> UUID_KEYS = Stream.of(
                    new UUID(Long.MIN_VALUE, 0), new UUID(-1, -1), new UUID(-1, 5), new UUID(0, Long.MIN_VALUE),
                    new UUID(0, 0), new UUID(0, 1), new UUID(1, Long.MIN_VALUE), new UUID(7, 7),
                    new UUID(Long.MAX_VALUE, Long.MAX_VALUE))
            .sorted().toList();
    private static final List<Double> DOUBLES = List.of(-0.0, 0.5, 1e300, Double.NaN, -7.25, 3.0, 1e-300, 8.0, 9.0);
    private static final List<String> STRINGS =
            List.of("", "one", "two", "a string value long enough for a block of its own", "é", "five", "six",
                    "seven", "eight");

    /** Enum keys, in ordinal order as a {@code TreeMap} of them sorts. */
    enum Planet { MERCURY, VENUS, EARTH, MARS, JUPITER, SATURN, URANUS, NEPTUNE, PLUTO }

    @TestFactory
    Stream<DynamicTest> guavaSuitesOfTheOtherKeyAndValueTypes() {
        return Stream.of(
                suite("int keys to double values", heap -> map(heap, KeyType.INT, INT_KEYS, ValueType.DOUBLE, DOUBLES)),
                suite("UUID keys to String values", heap -> map(heap, KeyType.UUID, UUID_KEYS, ValueType.STRING, STRINGS)),
                suite("enum keys to String values", heap -> map(heap, KeyType.enumType(Planet.class),
                        List.of(Planet.values()), ValueType.STRING, STRINGS)),
                suite("key set of int keys", heap -> keySet(heap, KeyType.INT, INT_KEYS)),
                suite("key set of UUID keys", heap -> keySet(heap, KeyType.UUID, UUID_KEYS)),
                suite("list of doubles", heap -> list(heap, ValueType.DOUBLE, DOUBLES, false)),
                suite("list of Strings", heap -> list(heap, ValueType.STRING, STRINGS, true)));
    }

    @TestFactory
    Stream<DynamicTest> guavaSuites() {
        return Stream.of(
                suite("long keys to long values", heap -> map(heap, KeyType.LONG, LONG_KEYS, false)),
                suite("long keys to references", heap -> map(heap, KeyType.LONG, LONG_KEYS, true)),
                suite("String keys to long values", heap -> map(heap, KeyType.STRING, STRING_KEYS, false)),
                suite("String keys to references", heap -> map(heap, KeyType.STRING, STRING_KEYS, true)),
                suite("key set of long keys", heap -> keySet(heap, KeyType.LONG, LONG_KEYS)),
                suite("key set of String keys", heap -> keySet(heap, KeyType.STRING, STRING_KEYS)),
                suite("list of longs", heap -> list(heap, false)),
                suite("list of references", heap -> list(heap, true)));
    }

    /** Runs one of Guava's suites on a heap of its own; every case must pass. */
    private static DynamicTest suite(String name, Function<ConformanceHeap, junit.framework.Test> suite) {
        return DynamicTest.dynamicTest(name, () -> {
            try (ConformanceHeap heap = new ConformanceHeap("conformance")) {
                TestResult result = new TestResult();
                suite.apply(heap).run(result);
                List<String> problems = new ArrayList<>();
                for (TestFailure failure : Collections.list(result.failures())) {
                    problems.add(failure.toString());
                }
                for (TestFailure error : Collections.list(result.errors())) {
                    problems.add(error.toString() + "\n" + error.trace());
                }
                assertEquals(List.of(), problems.stream().limit(20).toList(),
                        problems.size() + " of " + result.runCount() + " cases failed");
                assertTrue(result.runCount() > 100, "only " + result.runCount() + " cases ran");
                System.out.println(name + ": " + result.runCount() + " of Guava's cases run, all pass");
            }
        });
    }

    private static <K extends Comparable<? super K>> junit.framework.Test map(
            ConformanceHeap heap, KeyType<K> keys, List<K> keySamples, boolean references) {
        String name = keys + " to " + (references ? "references" : "long values");
        List<Feature<?>> features = new ArrayList<>(List.of(
                CollectionSize.ANY,
                MapFeature.GENERAL_PURPOSE,
                MapFeature.ALLOWS_NULL_VALUE_QUERIES,
                MapFeature.FAILS_FAST_ON_CONCURRENT_MODIFICATION,
                CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                CollectionFeature.KNOWN_ORDER));
        if (references) {
            features.add(MapFeature.ALLOWS_NULL_VALUES);
            return NavigableMapTestSuiteBuilder.using(
                            new SortedMapGenerator<>(heap, keys, ValueType.reference(Counter.class), keySamples,
                                    heap.counters(), Comparator.naturalOrder()))
                    .named("PersistentSortedMap, " + name)
                    .withFeatures(features)
                    .withTearDown(heap::rollback)
                    .createTestSuite();
        }
        List<Long> values = List.of(10L, 11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L);
        return NavigableMapTestSuiteBuilder.using(
                        new SortedMapGenerator<>(heap, keys, ValueType.LONG, keySamples, values, Comparator.naturalOrder()))
                .named("PersistentSortedMap, " + name)
                .withFeatures(features)
                .withTearDown(heap::rollback)
                .createTestSuite();
    }

    /** A map of {@code values} of a kind that is not a reference: strings may be null, numbers not. */
    private static <K extends Comparable<? super K>, V> junit.framework.Test map(ConformanceHeap heap, KeyType<K> keys,
            List<K> keySamples, ValueType<V> values, List<V> valueSamples) {
        List<Feature<?>> features = new ArrayList<>(List.of(
                CollectionSize.ANY,
                MapFeature.GENERAL_PURPOSE,
                MapFeature.ALLOWS_NULL_VALUE_QUERIES,
                MapFeature.FAILS_FAST_ON_CONCURRENT_MODIFICATION,
                CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                CollectionFeature.KNOWN_ORDER));
        if (values == ValueType.STRING) {
            features.add(MapFeature.ALLOWS_NULL_VALUES);
        }
        return NavigableMapTestSuiteBuilder.using(
                        new SortedMapGenerator<>(heap, keys, values, keySamples, valueSamples, Comparator.naturalOrder()))
                .named("PersistentSortedMap, " + keys + " to " + values)
                .withFeatures(features)
                .withTearDown(heap::rollback)
                .createTestSuite();
    }

    private static <E> junit.framework.Test list(ConformanceHeap heap, ValueType<E> elements, List<E> samples,
            boolean nulls) {
        List<Feature<?>> features = new ArrayList<>(List.of(
                CollectionSize.ANY,
                ListFeature.GENERAL_PURPOSE,
                CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                CollectionFeature.ALLOWS_NULL_QUERIES,
                CollectionFeature.FAILS_FAST_ON_CONCURRENT_MODIFICATION));
        if (nulls) {
            features.add(CollectionFeature.ALLOWS_NULL_VALUES);
        }
        return ListTestSuiteBuilder.using(new ListGenerator<>(heap, elements, samples))
                .named("PersistentList, " + elements)
                .withFeatures(features)
                .withTearDown(heap::rollback)
                .createTestSuite();
    }

    private static <K extends Comparable<? super K>> junit.framework.Test keySet(
            ConformanceHeap heap, KeyType<K> keys, List<K> keySamples) {
        String name = keys.toString();
        return NavigableSetTestSuiteBuilder.using(new KeySetGenerator<>(heap, keys, keySamples, Comparator.naturalOrder()))
                .named("PersistentSortedMap.navigableKeySet of " + name)
                .withFeatures(
                        CollectionSize.ANY,
                        CollectionFeature.SUPPORTS_REMOVE,
                        CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                        CollectionFeature.FAILS_FAST_ON_CONCURRENT_MODIFICATION,
                        CollectionFeature.KNOWN_ORDER)
                .withTearDown(heap::rollback)
                .createTestSuite();
    }

    private static junit.framework.Test list(ConformanceHeap heap, boolean references) {
        String name = references ? "reference elements" : "long elements";
        List<Feature<?>> features = new ArrayList<>(List.of(
                CollectionSize.ANY,
                ListFeature.GENERAL_PURPOSE,
                CollectionFeature.SUPPORTS_ITERATOR_REMOVE,
                CollectionFeature.ALLOWS_NULL_QUERIES,
                CollectionFeature.FAILS_FAST_ON_CONCURRENT_MODIFICATION));
        if (references) {
            features.add(CollectionFeature.ALLOWS_NULL_VALUES);
            return ListTestSuiteBuilder.using(new ListGenerator<>(heap, ValueType.reference(Counter.class), heap.counters()))
                    .named("PersistentList, " + name)
                    .withFeatures(features)
                    .withTearDown(heap::rollback)
                    .createTestSuite();
        }
        return ListTestSuiteBuilder.using(new ListGenerator<>(heap, ValueType.LONG, List.of(3L, -1L, 0L, Long.MAX_VALUE, 42L)))
                .named("PersistentList, " + name)
                .withFeatures(features)
                .withTearDown(heap::rollback)
                .createTestSuite();
    }
}
