package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.ValueType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heap paths and heaps made to hurt the tool: refused with exit code 3, or handled in bounded memory. */
class HostileHeapCommandTest {
    /** Far more entries than a 64 MB JVM holds as maps of boxed values, as the dump once gathered them. */
    private static final int ENTRIES = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void aDirectoryIsAnUnreadableHeap() throws IOException {
        Path directory = Files.createDirectory(dir.resolve("folder.heap"));
        for (String command : List.of("info", "verify", "dump", "versions")) {
            Run run = ferrite(command, directory.toString());
            assertEquals(3, run.exitCode(), command + ": " + run.err());
            assertEquals("ferrite: " + directory + ": not a Ferrite heap: it is a directory, not a regular file\n",
                    run.err(), command);
        }
    }

    @Test
    void aFifoIsAnUnreadableHeapAndIsNeverOpened() throws Exception {
        Path fifo = dir.resolve("pipe.heap");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo failed");
        // Stands by so that a tool which opens the FIFO reads an empty file instead of hanging the test.
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.flush();
            } catch (IOException e) {
                // Nothing to write anyway.
            }
        });
        try {
            for (String command : List.of("info", "verify", "dump")) {
                Run run = ferrite(command, fifo.toString());
                assertEquals("ferrite: " + fifo + ": not a Ferrite heap: it is a FIFO (named pipe), not a regular file\n",
                        run.err(), command);
                assertEquals(3, run.exitCode(), command);
            }
        } finally {
            if (writer.isAlive()) {
                try (InputStream in = Files.newInputStream(fifo)) {
                    in.readAllBytes();
                }
            }
            writer.join();
        }
    }

    private Path heapWithALongList() {
        Path file = dir.resolve("long-list.heap");
        try (Heap heap = Heap.open(file, HeapOptions.builder().capacity(64 << 20).build())) {
            PersistentList<Long> numbers = PersistentList.root(heap, "numbers", ValueType.LONG);
            for (long i = 0; i < ENTRIES; i++) {
                numbers.addLong(i * 3);
            }
            heap.commit();
        }
        return file;
    }

    @Test
    void dumpStreamsALongListInASmallJvm() throws Exception {
        Path file = heapWithALongList();
        long[] lines = {0};
        List<String> last = new ArrayList<>();
        int exit = ferriteInSmallJvm(line -> {
            if (line.startsWith("    ")) {
                lines[0]++;
                last.clear();
                last.add(line);
            }
        }, "dump", file.toString());
        assertEquals(0, exit);
        assertEquals(ENTRIES, lines[0]);
        assertEquals(List.of("    " + (ENTRIES - 1) + " = " + (ENTRIES - 1) * 3L), last);
    }

    @Test
    void dumpJsonStreamsALongListInASmallJvm() throws Exception {
        Path file = heapWithALongList();
        long[] indexes = {0};
        List<String> tail = new ArrayList<>();
        int exit = ferriteInSmallJvm(line -> {
            if (line.startsWith("          \"index\": ")) {
                indexes[0]++;
            }
            tail.add(line);
            if (tail.size() > 9) {
                tail.removeFirst();
            }
        }, "dump", "--json", file.toString());
        assertEquals(0, exit);
        assertEquals(ENTRIES, indexes[0]);
        assertEquals(List.of(
                "          \"index\": " + (ENTRIES - 1) + ",",
                "          \"value\": " + (ENTRIES - 1) * 3L,
                "        }",
                "      ]",
                "    }",
                "  ],",
                "  \"records\": []",
                "}"), tail.subList(1, 9));
    }

    /** Runs {@code ferrite args} in a child JVM of 64 MB, handing each line of its output to {@code lines}. */
    private static int ferriteInSmallJvm(java.util.function.Consumer<String> lines, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                FerriteCommand.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            out.lines().forEach(lines);
        }
        return process.waitFor();
    }
}
