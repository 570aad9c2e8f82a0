package dev.ferrite.runtime.heap;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a sparse file holds data, from {@code lseek(SEEK_DATA)} and {@code lseek(SEEK_HOLE)}
 * through {@code java.lang.foreign}. A hole reads as zeros, so the page table under a hole needs
 * no reading: a file that claims a vast heap but stores almost nothing then opens in time and
 * memory that follow what it stores. Where the calls are missing (not Linux, no native access),
 * the whole range counts as data, which is only slower.
 */
@SuppressWarnings("restricted") // lseek needs native access, as the mapping in dev.ferrite.fams does
final class FileExtents {
    private static final int O_RDONLY = 0;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final MethodHandle OPEN;
    private static final MethodHandle LSEEK;
    private static final MethodHandle CLOSE;

    static {
        MethodHandle open = null;
        MethodHandle lseek = null;
        MethodHandle close = null;
        try {
            Linker linker = Linker.nativeLinker();
            var libc = linker.defaultLookup();
            open = linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                    Linker.Option.firstVariadicArg(2));
            lseek = linker.downcallHandle(libc.find("lseek").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
            close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
            open = null; // no native access here: every range counts as data
        }
        OPEN = open;
        LSEEK = lseek;
        CLOSE = close;
    }

    private FileExtents() {}

    /**
     * The parts of {@code [from, to)} of {@code file} that may hold data, as {@code {start, end}}
     * pairs in order; the rest are holes. All of it if the file system or platform cannot tell.
     */
    static List<long[]> dataRanges(Path file, long from, long to) {
        List<long[]> whole = List.of(new long[] {from, to});
        if (OPEN == null || from >= to) {
            return whole;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment name = arena.allocateFrom(file.toString());
            int fd = (int) OPEN.invokeExact(name, O_RDONLY, 0);
            if (fd < 0) {
                return whole;
            }
            try {
                List<long[]> ranges = new ArrayList<>();
                long at = from;
                while (at < to) {
                    long data = (long) LSEEK.invokeExact(fd, at, SEEK_DATA);
                    if (data < 0) {
                        break; // ENXIO: no data from here to the end of the file
                    }
                    if (data >= to) {
                        break;
                    }
                    long hole = (long) LSEEK.invokeExact(fd, data, SEEK_HOLE);
                    long end = hole < 0 ? to : Math.min(hole, to);
                    ranges.add(new long[] {data, end});
                    at = end;
                }
                return ranges;
            } finally {
                int closed = (int) CLOSE.invokeExact(fd);
                assert closed == 0 : "close failed";
            }
        } catch (Throwable e) {
            return whole;
        }
    }
}
