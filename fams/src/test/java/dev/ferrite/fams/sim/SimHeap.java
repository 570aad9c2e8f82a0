package dev.ferrite.fams.sim;

import dev.ferrite.fams.log.LogFiles;
import dev.ferrite.fams.protocol.UndoProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.LongStream;

/** A data file "heap.dat" driven through the real protocol on a {@link SimDisk}, as a test fixture. */
final class SimHeap {
    static final Path DIR = Path.of("/simulated");
    static final LogFiles FILES = new LogFiles(DIR.resolve("heap.dat"));
    static final String DATA = "heap.dat";
    static final String LOG = "heap.dat.fams-log";
    static final int PAGE = Stamps.PAGE;

    final SimDisk disk;
    final int retain;
    byte[] memory = new byte[0];
    UndoProtocol protocol;

    SimHeap(SimDisk disk, int retain) throws IOException {
        this.disk = disk;
        this.retain = retain;
        this.protocol = UndoProtocol.open(disk, FILES, true, retain);
        this.memory = data(disk.currentView()).clone();
    }

    /** A heap of {@code pages} pages on {@code disk}, all stamped by its first commit. */
    static SimHeap atCommit1(SimDisk disk, int retain, int pages) throws IOException {
        SimHeap heap = new SimHeap(disk, retain);
        heap.grow(pages);
        heap.commitStamped(LongStream.range(0, pages).toArray());
        return heap;
    }

    void grow(int pages) throws IOException {
        memory = Arrays.copyOf(memory, pages * PAGE);
        protocol.ensureSize(memory.length);
    }

    /** Stamps {@code pages} with the next commit's number and commits them. */
    long commitStamped(long... pages) throws IOException {
        long next = protocol.commitNumber() + 1;
        for (long p : pages) {
            Stamps.stamp(memory, next, p);
        }
        return commit(pages);
    }

    long commit(long... pages) throws IOException {
        return protocol.commit(pages, (off, len) -> ByteBuffer.wrap(memory, (int) off, len).asReadOnlyBuffer(),
                memory.length);
    }

    static byte[] data(Map<String, byte[]> view) {
        byte[] b = view.get(DATA);
        return b == null ? new byte[0] : b;
    }
}
