package dev.ferrite.cli;

import static dev.ferrite.cli.Run.ferrite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.ValueType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
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

    /** A committed heap of the undo mode whose log header is rewritten by {@code change}, with a valid checksum. */
    private Path heapWithHostileLogHeader(String name, java.util.function.Consumer<ByteBuffer> change)
            throws IOException {
        Path file = dir.resolve(name);
        HeapOptions undo = HeapOptions.builder().capacity(1 << 20).commitMode(CommitMode.UNDO).build();
        try (Heap heap = Heap.open(file, undo)) {
            PersistentList.root(heap, "numbers", ValueType.LONG).addLong(7);
            heap.commit();
        }
        Path log = dir.resolve(name + ".fams-log");
        try (FileChannel c = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer header = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
            c.read(header, 0);
            change.accept(header);
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 0, 508);
            header.putInt(508, (int) crc.getValue());
            c.write(header.clear(), 0);
        }
        return file;
    }

    private static void assertRefusedByEveryCommand(Path heap, String why) {
        for (List<String> command : List.of(List.of("info"), List.of("verify"), List.of("dump"), List.of("versions"),
                List.of("rollback", "--to", "0"), List.of("compact"), List.of("compact", "--dry-run"))) {
            List<String> args = new ArrayList<>(command);
            args.add(1, heap.toString());
            Run run = ferrite(args.toArray(String[]::new));
            assertEquals(3, run.exitCode(), command + ": " + run.err());
            assertTrue(run.err().contains(why), command + ": " + run.err());
        }
    }

    @Test
    void aCommitNumberOfLongMaxValueIsRefusedAtOnce() throws IOException {
        Path heap = heapWithHostileLogHeader("max.heap", h -> h.putLong(40, Long.MAX_VALUE));
        assertRefusedByEveryCommand(heap, "impossible header values");
    }

    @Test
    void aFingerprintOfNegativeLengthIsRefused() throws IOException {
        Path heap = heapWithHostileLogHeader("fingerprint.heap", h -> h.putInt(184, 1).putLong(188, 0).putInt(196, -1));
        assertRefusedByEveryCommand(heap, "fingerprint 0 names page 0 of -1 bytes");
    }

    @Test
    void anIdleHeaderClaimingASmallerFileIsRefusedAndTheHeapKeepsItsSize() throws IOException {
        Path heap = heapWithHostileLogHeader("small.heap", h -> h.putLong(48, 8192).putLong(56, 8192));
        long size = Files.size(heap);
        assertRefusedByEveryCommand(heap, "records commit 1 of a file of at most 8192 bytes");
        assertEquals(size, Files.size(heap));
    }
}
