package dev.ferrite.runtime.schema;

import java.nio.file.Path;

/** An exported schema file (or its folder) that cannot be read or is no schema of the version it is named after. */
public final class SchemaFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    SchemaFileException(Path file, String problem, Throwable cause) {
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
