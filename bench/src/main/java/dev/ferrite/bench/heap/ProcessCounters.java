package dev.ferrite.bench.heap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's I/O and memory counters from {@code /proc/self}. */
record ProcessCounters(long bytesWritten, long bytesRead, long residentBytes) {

    static ProcessCounters now() {
        try {
            long written = 0;
            long read = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    written = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("rchar:")) {
                    read = Long.parseLong(line.substring(6).trim());
                }
            }
            long resident = 0;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    resident = Long.parseLong(line.substring(6).replace("kB", "").trim()) * 1024;
                }
            }
            return new ProcessCounters(written, read, resident);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self counters", e);
        }
    }
}
