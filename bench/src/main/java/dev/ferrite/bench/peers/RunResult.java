package dev.ferrite.bench.peers;

import java.util.HashMap;
import java.util.Map;

/**
 * What one run measured: operations done in the timed part, its duration, the commits it made,
 * the bytes the process wrote meanwhile (every file, through system calls: {@code wchar} of
 * {@code /proc/self/io}), and a note (Ferrite's log mode). A child JVM prints it as one line.
 */
record RunResult(long ops, long nanos, long commits, long bytesWritten, String note) {
    private static final String PREFIX = "RESULT ";

    double opsPerSecond() {
        return ops / (nanos / 1e9);
    }

    double bytesPerCommit() {
        return commits == 0 ? 0 : (double) bytesWritten / commits;
    }

    String toLine() {
        return PREFIX + "ops=" + ops + " nanos=" + nanos + " commits=" + commits + " written=" + bytesWritten
                + " note=" + note.replace(' ', '_');
    }

    /** The result in a child's output, or {@code null} if it printed none. */
    static RunResult find(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith(PREFIX)) {
                Map<String, String> fields = new HashMap<>();
                for (String field : line.substring(PREFIX.length()).trim().split(" ")) {
                    int eq = field.indexOf('=');
                    fields.put(field.substring(0, eq), field.substring(eq + 1));
                }
                return new RunResult(Long.parseLong(fields.get("ops")), Long.parseLong(fields.get("nanos")),
                        Long.parseLong(fields.get("commits")), Long.parseLong(fields.get("written")),
                        fields.get("note").replace('_', ' '));
            }
        }
        return null;
    }
}
