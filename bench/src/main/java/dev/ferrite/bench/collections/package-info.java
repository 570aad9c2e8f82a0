/**
 * The heap's collections next to the ones a Java developer would otherwise use, with a million
 * entries in random order: {@link dev.ferrite.bench.collections.LongKeyMapBenchmark} and {@link
 * dev.ferrite.bench.collections.StringKeyMapBenchmark} time {@code PersistentSortedMap} against
 * {@link java.util.TreeMap} and MapDB's memory-mapped {@code BTreeMap}, each behind one small
 * {@link dev.ferrite.bench.collections.SortedMapUnderTest}; {@link
 * dev.ferrite.bench.collections.ListBenchmark} and {@link
 * dev.ferrite.bench.collections.ListInsertRemoveBenchmark} time {@code PersistentList} against
 * {@link java.util.ArrayList}; {@link dev.ferrite.bench.collections.SortedMapFootprint} reports the
 * bytes on disk per entry.
 */
package dev.ferrite.bench.collections;
