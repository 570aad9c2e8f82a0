package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM fills a map in committed batches and is killed with SIGKILL while it works on the
 * next batch; the reopened map must hold exactly the committed batches and be structurally sound.
 */
class PersistentSortedMapCrashTest {
    private static final int BATCH = 250;

    @TempDir
    Path directory;

    @Test
    void aKilledWriterLeavesExactlyTheCommittedBatches() throws Exception {
        Path file = directory.resolve("crash.heap");
        long committed = 0;
        for (int kill = 0; kill < 3; kill++) {
            long reported = runAndKill(file, 8 + kill * 5);
            try (Heap heap = Heap.open(file)) {
                PersistentSortedMap<String, Long> map = PersistentSortedMap.root(heap, "crash", KeyType.STRING, ValueType.LONG);
                long size = map.size();
                assertEquals(0, size % BATCH, "a partial batch survived: " + size);
                assertTrue(size >= reported && size >= committed, size + " entries, " + reported + " reported committed");
                assertEquals(List.of(), PersistentSortedMap.verify(heap, map.handle()));
                for (long i = 0; i < size; i++) {
                    assertEquals(i, map.getLong(key(i), -1), key(i));
                }
                assertEquals(-1, map.getLong(key(size), -1));
                committed = size;
            }
        }
    }

    /** Runs the child until it reports {@code batches} more commits, kills it, returns the entries it reported. */
    private static long runAndKill(Path file, int batches) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                        System.getProperty("java.class.path"), PersistentSortedMapCrashTest.class.getName(), file.toString())
                .redirectErrorStream(true)
                .start();
        long reported = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            int seen = 0;
            String line;
            while (seen < batches && (line = out.readLine()) != null) {
                if (!line.startsWith("committed ")) {
                    throw new AssertionError("child: " + line);
                }
                reported = Long.parseLong(line.substring("committed ".length()));
                seen++;
            }
            child.destroyForcibly();
        }
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        return reported;
    }

    private static String key(long i) {
        return "key " + (i * 7919 % 1_000_003) + " of a crash test";
    }

    /** The child: adds batches to the map forever, reporting each commit. */
    public static void main(String[] args) {
        try (Heap heap = Heap.open(Path.of(args[0]))) {
            PersistentSortedMap<String, Long> map = PersistentSortedMap.root(heap, "crash", KeyType.STRING, ValueType.LONG);
            for (long next = map.size(); ; ) {
                for (int i = 0; i < BATCH; i++, next++) {
                    map.putLong(key(next), next);
                }
                heap.commit();
                System.out.println("committed " + next);
                System.out.flush();
            }
        }
    }
}
