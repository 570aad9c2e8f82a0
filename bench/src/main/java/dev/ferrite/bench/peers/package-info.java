/**
 * Ferrite side by side with the stores its users would otherwise pick (SQLite, LMDB, H2 MVStore,
 * RocksDB), each in a fresh JVM: {@link dev.ferrite.bench.peers.PeerComparison} runs and prints
 * the comparison. Each peer is driven by one small {@link dev.ferrite.bench.peers.KvStore} class,
 * so that other benchmarks can drive the same peers the same way.
 */
package dev.ferrite.bench.peers;
