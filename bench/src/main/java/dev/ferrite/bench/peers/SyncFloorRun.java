package dev.ferrite.bench.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The floor of a durable commit on the file system of {@code dir}: a 4 KiB {@code pwrite} at
 * offset 0 of a 4 KiB file, then {@code fdatasync} ({@code FileChannel.force(false)}), repeated.
 */
final class SyncFloorRun {
    private static final int PAGE = 4096;

    private SyncFloorRun() {}

    static RunResult run(Path dir, long warmUpNanos, long measureNanos) throws IOException {
        try (FileChannel file = FileChannel.open(dir.resolve("floor"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocateDirect(PAGE);
            file.write(page, 0);
            file.force(true);
            long value = 0;
            long warmUpEnd = System.nanoTime() + warmUpNanos;
            while (System.nanoTime() < warmUpEnd) {
                writeAndSync(file, page, ++value);
            }
            long written = IoCounter.bytesWritten();
            long start = System.nanoTime();
            long end = start + measureNanos;
            long syncs = 0;
            long now;
            do {
                writeAndSync(file, page, ++value);
                syncs++;
                now = System.nanoTime();
            } while (now < end);
            return new RunResult(syncs, now - start, syncs, IoCounter.bytesWritten() - written, "");
        }
    }

    private static void writeAndSync(FileChannel file, ByteBuffer page, long value) throws IOException {
        page.clear().putLong(0, value);
        int n = file.write(page, 0);
        if (n != PAGE) {
            throw new IOException("short write: " + n + " of " + PAGE + " bytes");
        }
        file.force(false);
    }
}
