package dev.ferrite.bench.space;

import dev.ferrite.bench.Directories;
import dev.ferrite.bench.peers.KvStore;
import dev.ferrite.bench.peers.Store;
import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.Durability;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.HeapSpace;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Inserts 1,000,000 records of about 100 bytes, deletes a random half, inserts 250,000 more,
 * committing every 10,000 operations; then reports, per store, the logical size and the disk usage
 * ({@code du}) of its directory against the live bytes. Every store holds the same bytes, an 8-byte
 * key and a 100-byte value: Ferrite in a {@code PersistentSortedMap<Long, String>} (the key and
 * the value in a leaf), the peers as byte arrays. Ferrite runs in its default
 * write-ahead mode, its log counted, and is measured again after {@code Heap.compact()}. Last it
 * reports each store's operations per second in each of the three phases, commits included.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp bench/target/benchmarks.jar \
 *     dev.ferrite.bench.space.DiskSpaceComparison [--records N] [--dir DIR] [--stores ferrite,lmdb,...] \
 *     [--values repeated|random|text FILE]
 * </pre>
 *
 * <p>By default a value is its key's digits and a repeated filler, which a store that compresses
 * shrinks several times; {@code --values random} makes each 100 random characters of 64 (6 bits a
 * byte), which tells what a store takes for data that does not compress; {@code --values text
 * FILE} makes each a window of 100 characters of a text, prose whose redundancy lies as much
 * across values as within one.
 */
public final class DiskSpaceComparison {
    private static final int VALUE = 100;
    private static final int BATCH = 10_000;

    private DiskSpaceComparison() {}

    public static void main(String[] args) throws Exception {
        int records = 1_000_000;
        Path base = null;
        List<Store> stores = List.of(Store.values());
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Integer.parseInt(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                case "--values" -> {
                    switch (args[++i]) {
                        case "random" -> randomValues = true;
                        case "repeated" -> randomValues = false;
                        case "text" -> text = asciiText(Path.of(args[++i]));
                        default -> throw new IllegalArgumentException(
                                "--values is repeated, random or text FILE, not " + args[i]);
                    }
                }
                case "--stores" -> stores = java.util.Arrays.stream(args[++i].split(","))
                        .map(n -> Store.valueOf(n.trim().toUpperCase(Locale.ROOT))).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = base == null ? Files.createTempDirectory("ferrite-space") : Files.createDirectories(base);
        try {
            long[] deleted = deletedKeys(records);
            long live = (long) (records - deleted.length + records / 4) * (8 + VALUE);
            System.out.printf(Locale.ROOT, "%,d records of %d bytes, %,d deleted, %,d more: %,d live bytes%n%n",
                    records, VALUE, deleted.length, records / 4, live);
            System.out.printf(Locale.ROOT, "%-40s %14s %14s %10s%n", "store", "file size", "disk usage", "disk/live");
            List<String> speeds = new ArrayList<>();
            for (Store store : stores) {
                Path own = Files.createDirectories(dir.resolve(store.name().toLowerCase(Locale.ROOT)));
                long start = System.nanoTime();
                long[] phases;
                if (store == Store.FERRITE) {
                    phases = ferrite(own, records, deleted);
                } else {
                    try (KvStore kv = store.keyValue(own, Durability.SYNC)) {
                        phases = peer(kv, records, deleted);
                    }
                }
                long seconds = (System.nanoTime() - start) / 1_000_000_000L;
                String label = store == Store.FERRITE ? "Ferrite write-ahead commit()" : store.label(Durability.SYNC);
                speeds.add(String.format(Locale.ROOT, "%-40s %14.0f %14.0f %14.0f", label, records * 1e9 / phases[0],
                        deleted.length * 1e9 / phases[1], records / 4 * 1e9 / phases[2]));
                row(label + " (" + seconds + " s)", own, live);
                if (store == Store.FERRITE) {
                    ferriteParts(own);
                    start = System.nanoTime();
                    compact(own);
                    seconds = (System.nanoTime() - start) / 1_000_000_000L;
                    row("Ferrite after compact() (" + seconds + " s)", own, live);
                    ferriteParts(own);
                }
            }
            System.out.printf(Locale.ROOT, "%n%-40s %14s %14s %14s%n", "operations per second, commits included", "inserts",
                    "deletes", "inserts again");
            speeds.forEach(System.out::println);
        } finally {
            if (base == null) {
                Directories.deleteRecursively(dir);
            }
        }
    }

    /** A seeded random half of the keys {@code [0, records)}, ascending. */
    private static long[] deletedKeys(int records) {
        SplittableRandom random = new SplittableRandom(42);
        return java.util.stream.LongStream.range(0, records).filter(k -> random.nextBoolean()).toArray();
    }

    /** The 64 characters of random values: 6 bits a byte, which no compressor without entropy coding gains on. */
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /** Whether values are random characters rather than the key's digits and a repeated filler. */
    private static boolean randomValues;
    /** The text whose 100-character windows are the values, or null. */
    private static String text;

    /** The text of {@code file}, every character outside printable ASCII a space, so that a character is a byte. */
    private static String asciiText(Path file) throws IOException {
        String read = Files.readString(file, StandardCharsets.ISO_8859_1);
        StringBuilder ascii = new StringBuilder(read.length());
        for (int i = 0; i < read.length(); i++) {
            char c = read.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7F ? c : ' ');
        }
        if (ascii.length() < 2 * VALUE) {
            throw new IllegalArgumentException(file + " holds " + ascii.length() + " characters, too few for values of "
                    + VALUE);
        }
        return ascii.toString();
    }

    private static String value(long key) {
        if (text != null) {
            // a window at a pseudo-random place: neighbouring keys do not share their text
            int at = (int) Math.floorMod(key * 0x9E3779B97F4A7C15L, (long) (text.length() - VALUE));
            return text.substring(at, at + VALUE);
        }
        if (randomValues) {
            SplittableRandom random = new SplittableRandom(key);
            char[] chars = new char[VALUE];
            for (int i = 0; i < VALUE; i++) {
                chars[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            return new String(chars);
        }
        String digits = Long.toString(key);
        return digits + "x".repeat(VALUE - digits.length());
    }

    /** The default options, spelled out: the write-ahead mode. */
    private static final HeapOptions FERRITE = HeapOptions.builder().commitMode(CommitMode.REDO).build();

    /** Runs the three phases in Ferrite; returns each one's nanoseconds. */
    private static long[] ferrite(Path dir, int records, long[] deleted) {
        long[] phases = new long[3];
        try (Heap heap = Heap.open(dir.resolve("space.heap"), FERRITE)) {
            // The same 108 bytes a record as the peers: the key and the value in a leaf.
            PersistentSortedMap<Long, String> map = PersistentSortedMap.root(heap, "records", KeyType.LONG,
                    ValueType.STRING);
            long start = System.nanoTime();
            for (long k = 0; k < records; k++) {
                map.put(k, value(k));
                if ((k + 1) % BATCH == 0) {
                    heap.commit();
                }
            }
            heap.commit();
            phases[0] = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < deleted.length; i++) {
                map.remove(deleted[i]);
                if ((i + 1) % BATCH == 0) {
                    heap.commit();
                }
            }
            heap.commit();
            phases[1] = System.nanoTime() - start;
            start = System.nanoTime();
            for (long k = records; k < records + records / 4; k++) {
                map.put(k, value(k));
                if ((k + 1) % BATCH == 0) {
                    heap.commit();
                }
            }
            heap.commit();
            phases[2] = System.nanoTime() - start;
        }
        return phases;
    }

    private static void compact(Path dir) {
        try (Heap heap = Heap.open(dir.resolve("space.heap"), FERRITE)) {
            heap.compact();
        }
    }

    /** Where Ferrite's disk usage goes: the heap file, its log, and its allocated blocks. */
    private static void ferriteParts(Path dir) {
        try (Heap heap = Heap.open(dir.resolve("space.heap"), HeapOptions.builder().readOnly(true).build())) {
            HeapSpace space = heap.space();
            System.out.printf(Locale.ROOT, "  %-38s heap file %,d on disk, log %,d; blocks %,d, free %,d (%,d in whole pages),"
                    + " extent %,d%n", "", space.diskUsage(), space.logDiskUsage(), space.liveBytes(), space.freeBytes(),
                    space.freePageBytes(), space.extent());
        }
    }

    /** Runs the three phases in a peer; returns each one's nanoseconds. */
    private static long[] peer(KvStore kv, int records, long[] deleted) {
        long[] phases = new long[3];
        long start = System.nanoTime();
        for (long k = 0; k < records; k++) {
            kv.put(key(k), value(k).getBytes(StandardCharsets.US_ASCII));
            if ((k + 1) % BATCH == 0) {
                kv.commit();
            }
        }
        kv.commit();
        phases[0] = System.nanoTime() - start;
        start = System.nanoTime();
        for (int i = 0; i < deleted.length; i++) {
            kv.delete(key(deleted[i]));
            if ((i + 1) % BATCH == 0) {
                kv.commit();
            }
        }
        kv.commit();
        phases[1] = System.nanoTime() - start;
        start = System.nanoTime();
        for (long k = records; k < records + records / 4; k++) {
            kv.put(key(k), value(k).getBytes(StandardCharsets.US_ASCII));
            if ((k + 1) % BATCH == 0) {
                kv.commit();
            }
        }
        kv.commit();
        phases[2] = System.nanoTime() - start;
        return phases;
    }

    private static byte[] key(long k) {
        return ByteBuffer.allocate(8).putLong(k).array();
    }

    private static void row(String label, Path dir, long live) throws IOException, InterruptedException {
        long size = du(dir, true);
        long disk = du(dir, false);
        System.out.printf(Locale.ROOT, "%-40s %,14d %,14d %9.2fx%n", label, size, disk, (double) disk / live);
    }

    /** Bytes under {@code dir} by {@code du}: the logical sizes, or the disk blocks in use. */
    private static long du(Path dir, boolean apparent) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("du", "-s", "-B1"));
        if (apparent) {
            command.add("--apparent-size");
        }
        command.add(dir.toString());
        Process du = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (du.waitFor() != 0) {
            throw new IOException("du failed: " + out);
        }
        return Long.parseLong(out.split("\\s+")[0]);
    }
}
