package dev.ferrite.fams.log;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Names of the files that belong to a data file {@code name}, all in its directory:
 * {@code name.fams-log} (the log: its header records the last commit; without retention it also
 * holds the undo records of the commit in flight), {@code name.fams-log.tmp} (the log while it is
 * first created) and {@code name.fams-undo.N} (with
 * retention, the undo records of commit N).
 */
public record LogFiles(Path data) {
    static final String UNDO_INFIX = ".fams-undo.";

    public LogFiles {
        data = data.toAbsolutePath();
    }

    public Path directory() {
        return data.getParent();
    }

    public String dataName() {
        return data.getFileName().toString();
    }

    public Path log() {
        return sibling(".fams-log");
    }

    public Path tmpLog() {
        return sibling(".fams-log.tmp");
    }

    public Path undo(long commitNumber) {
        return sibling(UNDO_INFIX + commitNumber);
    }

    public String undoPrefix() {
        return dataName() + UNDO_INFIX;
    }

    /** The commit number of an undo log's file name, if {@code name} is one. */
    public OptionalLong undoNumber(String name) {
        if (!name.startsWith(undoPrefix())) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(name.substring(undoPrefix().length())));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private Path sibling(String suffix) {
        return data.resolveSibling(dataName() + suffix);
    }
}
