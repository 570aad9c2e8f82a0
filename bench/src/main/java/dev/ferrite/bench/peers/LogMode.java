package dev.ferrite.bench.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Which commit protocol a Ferrite heap in a directory used, told by the log file beside it; empty for other stores. */
final class LogMode {
    private LogMode() {}

    static String of(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            var names = files.map(p -> p.getFileName().toString()).toList();
            if (names.stream().anyMatch(n -> n.endsWith(".fams-redo"))) {
                return "write-ahead log";
            }
            if (names.stream().anyMatch(n -> n.endsWith(".fams-log"))) {
                return "undo log";
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
