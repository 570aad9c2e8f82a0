package dev.ferrite.runtime.schema;

import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.SchemaMigrationRequiredException;
import java.util.Optional;

/** Decides whether compiled code may use a heap's records of a type, and whether the catalog must learn the compiled layout. */
public final class SchemaCheck {

    private SchemaCheck() {}

    /**
     * Checks the {@code compiled} form of a type against the {@code stored} one (null when the
     * heap never stored the type).
     *
     * @param source names the heap in messages
     * @return whether the catalog should record {@code compiled}: the type is new to the heap, or
     *     the compiled version is a newer, compatible one
     * @throws SchemaMigrationRequiredException naming the type and both versions, if the stored
     *     version is newer than the compiled one or has a layout the compiled one cannot read
     * @throws FerriteException if another type's schema name has the same type id in the heap
     */
    public static boolean check(TypeEntry stored, TypeEntry compiled, String source) {
        if (stored == null) {
            return true;
        }
        if (!stored.schemaName().equals(compiled.schemaName())) {
            throw new FerriteException(source + ": type id 0x" + Integer.toHexString(compiled.typeId()) + " of "
                    + compiled.schemaName() + " is taken by " + stored.schemaName() + " in this heap");
        }
        if (stored.version() > compiled.version()) {
            throw new SchemaMigrationRequiredException(source + " stores " + compiled.schemaName() + " version "
                    + stored.version() + ", newer than the compiled version " + compiled.version()
                    + ": use the newer application that wrote it");
        }
        Optional<String> problem = stored.incompatibilityWith(compiled);
        if (problem.isPresent()) {
            throw new SchemaMigrationRequiredException(source + " stores " + compiled.schemaName() + " version "
                    + stored.version() + ", which the compiled version " + compiled.version() + " cannot read: "
                    + problem.get() + "; migrate the heap with `ferrite migrate " + source
                    + " --classpath <your compiled classes>`");
        }
        return !stored.equals(compiled);
    }
}
