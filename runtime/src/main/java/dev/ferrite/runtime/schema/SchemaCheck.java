package dev.ferrite.runtime.schema;

import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.SchemaMigrationRequiredException;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.struct.FieldDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Decides whether compiled code may use a heap's records of a type, and whether the catalog must learn the compiled layout. */
public final class SchemaCheck {

    private SchemaCheck() {}

    /** {@link #check(TypeEntry, TypeEntry, Set, String)} for a compiled type that declares no renames or removals. */
    public static boolean check(TypeEntry stored, TypeEntry compiled, String source) {
        return check(stored, compiled, Set.of(), source);
    }

    /**
     * Checks the {@code compiled} form of a type against the {@code stored} one (null when the
     * heap never stored the type).
     *
     * <p>A stored version newer than the compiled one is accepted when the compiled code can read
     * and write its records as they are: the newer version only added fields inside the reserve,
     * so the record size and every compiled field are unchanged. Such an older application leaves
     * the newer fields' bytes alone, and the catalog keeps the newer layout.
     *
     * @param declaredGone the stored field names the compiled type declares renamed ({@code
     *     @RenamedFrom}) or removed ({@code @RemovedField}) since the stored version
     * @param source names the heap in messages
     * @return whether the catalog should record {@code compiled}: the type is new to the heap, or
     *     the compiled version is a newer, compatible one
     * @throws SchemaMigrationRequiredException naming the type, both versions and why, if the
     *     compiled type cannot read the stored records as they are
     * @throws FerriteException if another type's schema name has the same type id in the heap
     */
    public static boolean check(TypeEntry stored, TypeEntry compiled, Set<String> declaredGone, String source) {
        if (stored == null) {
            return true;
        }
        if (!stored.schemaName().equals(compiled.schemaName())) {
            throw new FerriteException(source + ": type id 0x" + Integer.toHexString(compiled.typeId()) + " of "
                    + compiled.schemaName() + " is taken by " + stored.schemaName() + " in this heap");
        }
        if (stored.version() > compiled.version()) {
            Optional<String> problem = olderReaderProblem(stored, compiled);
            if (problem.isPresent()) {
                throw new SchemaMigrationRequiredException(source + " stores " + compiled.schemaName() + " version "
                        + stored.version() + ", newer than the compiled version " + compiled.version()
                        + ", which cannot read its records as they are: " + problem.get()
                        + "; use the newer application that wrote it");
            }
            return false;
        }
        List<String> undeclared = undeclaredRemovals(stored, compiled, declaredGone);
        if (!undeclared.isEmpty()) {
            throw new SchemaMigrationRequiredException(source + " stores " + compiled.schemaName() + " version "
                    + stored.version() + ", which the compiled version " + compiled.version() + " cannot read: "
                    + String.join("; ", undeclared) + ". Then migrate the heap with `ferrite migrate " + source
                    + " --classpath <your compiled classes>`");
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

    /** The explanations of the stored fields the compiled type lacks without declaring them renamed or removed. */
    private static List<String> undeclaredRemovals(TypeEntry stored, TypeEntry compiled, Set<String> declaredGone) {
        List<String> storedNames = stored.fields().stream().map(FieldDescriptor::name).toList();
        List<String> problems = new ArrayList<>();
        for (FieldDescriptor field : stored.fields()) {
            if (compiled.field(field.name()).isEmpty() && !declaredGone.contains(field.name())) {
                problems.add(UndeclaredRemoval.describe(compiled.schemaName(), field, stored.version(),
                        compiled.version(), compiled.fields(), storedNames));
            }
        }
        return problems;
    }

    /**
     * Why code compiled for an older version cannot use records of the stored, newer layout in
     * place, or empty when it can: same size, each compiled field unchanged, and the newer fields
     * all added after the compiled version, where no compiled field lies.
     */
    private static Optional<String> olderReaderProblem(TypeEntry stored, TypeEntry compiled) {
        if (stored.size() != compiled.size()) {
            return Optional.of("its records are " + stored.size() + " bytes, " + compiled.size() + " compiled (version "
                    + stored.version() + " added fields beyond the reserve of version " + compiled.version() + ")");
        }
        for (FieldDescriptor field : compiled.fields()) {
            Optional<FieldDescriptor> now = stored.field(field.name());
            if (now.isEmpty()) {
                return Optional.of("field " + field.name() + " of the compiled version was renamed or removed");
            }
            Optional<String> change = SchemaDocument.fieldChange(field, now.get(), false);
            if (change.isPresent()) {
                return Optional.of("field " + field.name() + ": " + change.get());
            }
        }
        for (FieldDescriptor field : stored.fields()) {
            if (compiled.field(field.name()).isPresent()) {
                continue;
            }
            if (field.since() <= compiled.version()) {
                return Optional.of("field " + field.name() + " is of version " + field.since()
                        + ", yet the compiled version " + compiled.version() + " lacks it");
            }
            for (FieldDescriptor mine : compiled.fields()) {
                if (overlaps(field, mine)) {
                    return Optional.of("field " + field.name() + " of version " + field.since() + " overlaps the"
                            + " compiled field " + mine.name());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean overlaps(FieldDescriptor a, FieldDescriptor b) {
        return a.offset() < b.offset() + b.elementSize() * b.length()
                && b.offset() < a.offset() + a.elementSize() * a.length();
    }
}
