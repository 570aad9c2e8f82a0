package dev.ferrite.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Bytes this process has written through system calls, all threads and files together ({@code wchar} of {@code /proc/self/io}). */
final class IoCounter {
    private IoCounter() {}

    static long bytesWritten() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring("wchar:".length()).trim());
                }
            }
            throw new IllegalStateException("/proc/self/io has no wchar line");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/io", e);
        }
    }
}
