package dev.ferrite.runtime;

import java.nio.file.Path;

/**
 * An exported schema file (or its folder) that cannot be read, is malformed, or is no schema of
 * the version it is named after. The message names the file and says what is wrong with it and
 * where: the line and column of malformed JSON, or the JSON path of a bad member
 * ({@code $.fields[2].offset}).
 */
public final class SchemaFileException extends FerriteException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    /**
     * @param file the file or folder at fault
     * @param problem what is wrong with it, without the file's name
     * @param cause the exception that found the problem, or null
     */
    public SchemaFileException(Path file, String problem, Throwable cause) {
        super("cannot read the exported schema " + file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The file or folder at fault. */
    public Path file() {
        return file;
    }

    /** What is wrong with it, without the file's name. */
    public String problem() {
        return problem;
    }
}
