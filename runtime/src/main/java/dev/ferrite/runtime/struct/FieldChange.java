package dev.ferrite.runtime.struct;

import java.util.Objects;

/**
 * A rename or removal a struct declares ({@code @RenamedFrom}, {@code @RemovedField}).
 *
 * @param name the field's old name
 * @param since the first schema version without that name
 */
public record FieldChange(String name, int since) {
    public FieldChange {
        Objects.requireNonNull(name, "name");
        if (since < 1) {
            throw new IllegalArgumentException("the rename or removal of " + name + " is since version " + since
                    + "; versions start at 1");
        }
    }
}
