package dev.ferrite.runtime.schema;

import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.struct.FieldDescriptor;
import java.util.Collection;
import java.util.List;

/**
 * What to say about a stored field that the compiled struct no longer has and does not declare
 * gone: it may have been renamed or dropped on purpose, and only the application knows which. A
 * migration that guessed would lose every record's value, so both fixes are named.
 */
public final class UndeclaredRemoval {

    private UndeclaredRemoval() {}

    /**
     * The explanation for the stored field {@code field} of {@code schemaName}, which {@code
     * compiledVersion} lacks.
     *
     * @param compiledFields the compiled fields: those of the stored field's shape that the heap
     *     does not store are offered as what it may have been renamed to
     */
    public static String describe(String schemaName, FieldDescriptor field, int storedVersion, int compiledVersion,
            Collection<FieldDescriptor> compiledFields, Collection<String> storedNames) {
        int since = Math.max(compiledVersion, storedVersion + 1);
        String bump = compiledVersion > storedVersion ? ""
                : " and raise @PersistentStruct(version) of " + schemaName + " to " + since;
        List<String> candidates = compiledFields.stream()
                .filter(now -> !storedNames.contains(now.name()))
                .filter(now -> SchemaDocument.shape(now).equals(SchemaDocument.shape(field)))
                .map(FieldDescriptor::name)
                .toList();
        String renamedTo = candidates.size() == 1 ? candidates.getFirst() : "<new name>";
        String guess = candidates.isEmpty() ? "" : " (to " + String.join(" or ", candidates) + "?)";
        return schemaName + "." + field.name() + " is stored in version " + storedVersion + " but the compiled version "
                + compiledVersion + " neither has it nor declares it removed, so migrating would drop its value from"
                + " every record. If it was renamed" + guess + ", declare @RenamedFrom(value = \"" + field.name()
                + "\", since = " + since + ") on the new field" + bump + ", or pass --rename " + schemaName + ":"
                + field.name() + "=" + renamedTo + " to ferrite migrate; if it is to be dropped, declare"
                + " @RemovedField(name = \"" + field.name() + "\", since = " + since + ") on " + schemaName + bump
                + ", or pass --drop " + schemaName + "." + field.name() + " to ferrite migrate";
    }
}
