package dev.ferrite.runtime;

/** The heap stores a version of a struct type that the compiled code cannot read as is; the message names the type, both versions and the command that migrates the heap. */
public class SchemaMigrationRequiredException extends FerriteException {
    private static final long serialVersionUID = 1L;

    public SchemaMigrationRequiredException(String message) {
        super(message);
    }

    public SchemaMigrationRequiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
