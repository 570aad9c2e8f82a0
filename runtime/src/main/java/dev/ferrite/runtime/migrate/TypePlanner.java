package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.schema.UndeclaredRemoval;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what a migration does to one type from two schema documents, the stored one and the
 * target one: which fields are copied by name or through a declared rename, widened, mapped by
 * enum constant name, dropped or left to a hook, and whether records are rewritten at all.
 */
final class TypePlanner {
    private final SchemaDocument stored;
    private final SchemaDocument target;
    private final Optional<StructType<?>> compiled;
    private final boolean hooked;
    private final Map<String, String> renames;
    private final Set<String> drops;

    /**
     * @param renames old field name by new field name, as {@link #renames} computes them
     * @param drops the stored fields the caller agreed to drop without a declaration
     * @param hooked whether a hook is registered for the type
     */
    TypePlanner(SchemaDocument stored, MigrationTarget target, Map<String, String> renames, Set<String> drops,
            boolean hooked) {
        this.stored = stored;
        this.target = target.document();
        this.compiled = target.compiled();
        this.renames = renames;
        this.drops = drops;
        this.hooked = hooked;
    }

    /**
     * Old field name by new field name for the renames that apply to records of the stored
     * version: those of the options, then those the target declares ({@code @RenamedFrom}) after
     * the stored version, for an old name the stored version has and the target does not.
     */
    static Map<String, String> renames(SchemaDocument stored, SchemaDocument target, MigrationSettings options) {
        Map<String, String> renames = new HashMap<>(options.renames().apply(target.schemaName()));
        target.renames().forEach((field, previous) -> previous.forEach(change -> {
            if (change.since() > stored.version() && stored.field(change.name()).isPresent()
                    && target.field(change.name()).isEmpty()) {
                renames.putIfAbsent(field, change.name());
            }
        }));
        return renames;
    }

    /** Whether records of the stored layout must be rewritten to be read through the target one. */
    static boolean rewrites(SchemaDocument stored, SchemaDocument target, MigrationSettings options) {
        return TypeEntry.of(stored).incompatibilityWith(TypeEntry.of(target)).isPresent()
                || !renames(stored, target, options).isEmpty();
    }

    /**
     * The decision, adding to {@code problems} what stops the migration.
     *
     * @param rewritten the schema names of the types whose records are rewritten: an inline copy
     *     of one of them cannot be copied as bytes
     */
    TypeMigration decide(Set<String> rewritten, List<String> problems) {
        String name = target.schemaName();
        if (stored.version() > target.version()) {
            problems.add("the heap stores " + name + " version " + stored.version() + ", newer than the target version "
                    + target.version() + ": migrate with the classes of that version or a later one");
            return migration(TypeAction.UNCHANGED, List.of(), hooked, List.of());
        }
        checkRenames(problems);
        checkDrops(problems);
        // Records already in the target layout were migrated before: a hook must not run twice.
        if (TypeEntry.of(stored).equals(TypeEntry.of(target))) {
            return migration(TypeAction.UNCHANGED, List.of(), hooked, List.of());
        }
        if (!rewritten.contains(name) && !hooked) {
            List<String> changes = new ArrayList<>();
            for (FieldDescriptor field : target.fields()) {
                if (stored.field(field.name()).isEmpty()) {
                    changes.add(field.name() + ": added in the reserve (v" + field.since() + "), default until written");
                }
            }
            return migration(TypeAction.CATALOG_ONLY, List.of(), false, changes);
        }
        return rewrite(rewritten, problems);
    }

    private void checkRenames(List<String> problems) {
        String name = target.schemaName();
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            if (stored.field(rename.getValue()).isEmpty()) {
                problems.add(name + ": renamed field " + rename.getValue() + " is not in the stored version "
                        + stored.version() + " (its fields: " + stored.fields().stream().map(FieldDescriptor::name).toList()
                        + ")");
            }
            if (target.field(rename.getKey()).isEmpty()) {
                problems.add(name + ": field " + rename.getKey() + ", renamed from " + rename.getValue()
                        + ", is not in the target version " + target.version());
            }
        }
    }

    private void checkDrops(List<String> problems) {
        String name = target.schemaName();
        for (String field : drops) {
            if (stored.field(field).isEmpty()) {
                problems.add(name + ": dropped field " + field + " is not in the stored version " + stored.version()
                        + " (its fields: " + stored.fields().stream().map(FieldDescriptor::name).toList() + ")");
            } else if (target.field(field).isPresent() && !renames.containsValue(field)) {
                problems.add(name + ": field " + field + " is to be dropped but the target version " + target.version()
                        + " still has it");
            }
        }
    }

    private TypeMigration rewrite(Set<String> rewritten, List<String> problems) {
        String name = target.schemaName();
        List<String> changes = new ArrayList<>();
        Set<String> renamedAway = new HashSet<>(renames.values());
        Set<String> used = new HashSet<>();
        List<FieldMapping> mappings = new ArrayList<>();
        for (FieldDescriptor field : target.fields()) {
            String source = renames.getOrDefault(field.name(), renamedAway.contains(field.name()) ? null : field.name());
            Optional<FieldDescriptor> old = source == null ? Optional.empty() : stored.field(source);
            if (old.isEmpty()) {
                changes.add(field.name() + ": new" + (hooked ? ", default unless the hook sets it" : ", default"));
                continue;
            }
            used.add(source);
            Optional<FieldMapping> mapping = FieldMapping.between(old.get(), field, !rewritten.contains(field.target()));
            if (mapping.isEmpty()) {
                String change = field.name() + " changed from " + SchemaDocument.shape(old.get()) + " to " + SchemaDocument.shape(field);
                if (hooked) {
                    changes.add(change + ": computed by the hook");
                } else {
                    problems.add(name + "." + change + ", which the migration cannot convert without loss: register a MigrationHook for "
                            + name + " that computes it (ferrite migrate --hook)");
                }
                continue;
            }
            mappings.add(mapping.get());
            if (!source.equals(field.name())) {
                changes.add(field.name() + ": renamed from " + source);
            }
            conversion(mapping.get()).ifPresent(changes::add);
            if (field.length() > old.get().length()) {
                changes.add(field.name() + ": array lengthened from " + old.get().length() + " to " + field.length()
                        + ", new elements default");
            }
        }
        List<String> storedNames = stored.fields().stream().map(FieldDescriptor::name).toList();
        for (FieldDescriptor field : stored.fields()) {
            if (used.contains(field.name())) {
                continue;
            }
            boolean declared = declaredRemoved(field.name());
            boolean agreed = drops.contains(field.name());
            if (!declared && !agreed) {
                problems.add(UndeclaredRemoval.describe(name, field, stored.version(), target.version(),
                        target.fields(), storedNames));
            }
            changes.add(field.name() + ": dropped" + (declared ? " (@RemovedField)" : agreed ? " (--drop)"
                    : " without a declaration (see the problem below)") + (hooked ? " (the hook can still read it)" : ""));
        }
        if (target.size() != stored.size()) {
            changes.add("record size " + stored.size() + " -> " + target.size() + " bytes");
        }
        return migration(TypeAction.REWRITE, mappings, hooked, changes);
    }

    private TypeMigration migration(TypeAction action, List<FieldMapping> mappings, boolean hooked, List<String> changes) {
        return TypeMigration.of(stored, target, compiled, action, mappings, hooked, changes);
    }

    /** The plan's line for a conversion other than a plain copy. */
    private Optional<String> conversion(FieldMapping mapping) {
        FieldDescriptor field = mapping.to();
        return switch (mapping.conversion()) {
            case WIDEN -> Optional.of(field.name() + ": widened from " + SchemaDocument.shape(mapping.from()) + " to " + SchemaDocument.shape(field));
            case ENUM_BY_NAME -> Optional.of(field.name() + ": enum constants mapped by name"
                    + (mapping.removedConstants().isEmpty() ? ""
                            : "; removed " + mapping.removedConstants()
                                    + (hooked ? " (the hook sets them)" : " (a record holding one fails the migration)")));
            case FIXED_STRING -> Optional.of(field.name() + ": fixed string resized to " + (field.elementSize() - 2) + " bytes");
            case COPY -> Optional.empty();
        };
    }

    /** Whether the target declares {@code name} removed after the stored version. */
    private boolean declaredRemoved(String name) {
        return target.removals().stream().anyMatch(removal -> removal.name().equals(name) && removal.since() > stored.version());
    }
}
