package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.Migration;
import dev.ferrite.runtime.Migration.Action;
import dev.ferrite.runtime.MigrationHook;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import dev.ferrite.runtime.struct.StructType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Decides, per stored type that was compiled, what a migration does; and counts the records. */
public final class MigrationPlanner {

    /**
     * The decisions for a heap, ready to run.
     *
     * @param migrations by type id, for the types the heap stores and the caller compiled
     * @param problems why the migration cannot run
     */
    record Analysis(Map<Integer, TypeMigration> migrations, List<String> problems) {}

    private MigrationPlanner() {}

    /** The plan for migrating {@code core} to {@code types}; reads every block's header to count records. */
    public static Migration.Plan plan(HeapCore core, List<StructType<?>> types, Migration.Options options) {
        Analysis analysis = analyse(core, types, options);
        Map<Integer, long[]> counts = new HashMap<>();
        core.forEachRecord((type, offset) -> {
            TypeMigration migration = analysis.migrations().get(type.typeId());
            if (migration != null && migration.action() != Action.UNCHANGED) {
                long[] count = counts.computeIfAbsent(type.typeId(), id -> new long[2]);
                count[0]++;
                if (migration.action() == Action.REWRITE && core.blockSize(offset) < migration.compiled().size()) {
                    count[1]++;
                }
            }
        });
        List<Migration.TypePlan> plans = new ArrayList<>();
        for (TypeMigration migration : analysis.migrations().values()) {
            long[] count = counts.getOrDefault(migration.compiled().typeId(), new long[2]);
            long written = migration.action() == Action.REWRITE ? count[0] * migration.compiled().size() : 0;
            plans.add(new Migration.TypePlan(migration.stored().schemaName(), migration.stored().version(),
                    migration.compiled().version(), migration.action(), count[0], count[1], written, migration.changes()));
        }
        return new Migration.Plan(plans, analysis.problems());
    }

    static Analysis analyse(HeapCore core, List<StructType<?>> types, Migration.Options options) {
        Map<Integer, TypeEntry> stored = new HashMap<>();
        for (TypeEntry entry : core.types()) {
            stored.put(entry.typeId(), entry);
        }
        List<String> problems = new ArrayList<>();
        Map<Integer, StructType<?>> compiled = new LinkedHashMap<>();
        for (StructType<?> type : types) {
            TypeEntry entry = stored.get(type.typeId());
            StructType<?> other = compiled.putIfAbsent(type.typeId(), type);
            if (other != null && !other.schemaName().equals(type.schemaName())) {
                problems.add(type.schemaName() + " and " + other.schemaName() + " have the same type id; rename one");
            } else if (entry != null && !entry.schemaName().equals(type.schemaName())) {
                problems.add("type id 0x" + Integer.toHexString(type.typeId()) + " of " + type.schemaName()
                        + " is taken by " + entry.schemaName() + " in the heap");
                compiled.remove(type.typeId());
            } else if (entry == null) {
                compiled.remove(type.typeId());
            }
        }
        // Which types change layout decides whether inline copies of them can be copied as bytes.
        Set<String> rewritten = new HashSet<>();
        for (StructType<?> type : compiled.values()) {
            TypeEntry entry = stored.get(type.typeId());
            if (entry.incompatibilityWith(TypeEntry.of(type)).isPresent()
                    || !renames(entry, type, options).isEmpty()) {
                rewritten.add(type.schemaName());
            }
        }
        Map<Integer, TypeMigration> migrations = new LinkedHashMap<>();
        for (StructType<?> type : compiled.values()) {
            migrations.put(type.typeId(), decide(stored.get(type.typeId()), type, options, rewritten, problems));
        }
        checkEmbedders(stored.values(), migrations, rewritten, problems);
        return new Analysis(migrations, problems);
    }

    /**
     * A record that embeds a rewritten struct inline holds that struct's old layout: only a
     * rewrite of the embedding type, whose hook fills the embedded struct, can carry it over.
     */
    private static void checkEmbedders(Iterable<TypeEntry> stored, Map<Integer, TypeMigration> migrations,
            Set<String> rewritten, List<String> problems) {
        for (TypeEntry type : stored) {
            TypeMigration migration = migrations.get(type.typeId());
            boolean hooked = migration != null && migration.action() == Action.REWRITE && migration.hook() != null;
            for (FieldDescriptor field : type.fields()) {
                if (field.kind() == FieldKind.INLINE && rewritten.contains(field.target()) && !hooked) {
                    problems.add(type.schemaName() + "." + field.name() + " embeds " + field.target()
                            + ", whose layout changes: compile " + type.schemaName() + " too and register a"
                            + " MigrationHook for it that fills " + field.name());
                }
            }
        }
    }

    private static TypeMigration decide(TypeEntry stored, StructType<?> compiled, Migration.Options options,
            Set<String> rewritten, List<String> problems) {
        String name = compiled.schemaName();
        MigrationHook hook = options.hook(name);
        Map<String, String> renames = renames(stored, compiled, options);
        TypeEntry target = TypeEntry.of(compiled);
        if (stored.version() > compiled.version()) {
            problems.add("the heap stores " + name + " version " + stored.version() + ", newer than the compiled version "
                    + compiled.version() + ": migrate with the classes of that version or a later one");
            return TypeMigration.of(stored, compiled, Action.UNCHANGED, List.of(), null, List.of());
        }
        List<String> changes = new ArrayList<>();
        for (Map.Entry<String, String> rename : renames.entrySet()) {
            if (stored.fields().stream().noneMatch(f -> f.name().equals(rename.getValue()))) {
                problems.add(name + ": renamed field " + rename.getValue() + " is not in the stored version "
                        + stored.version() + " (its fields: " + names(stored.fields()) + ")");
            }
            if (compiled.fields().stream().noneMatch(f -> f.name().equals(rename.getKey()))) {
                problems.add(name + ": field " + rename.getKey() + ", renamed from " + rename.getValue()
                        + ", is not in the compiled version " + compiled.version());
            }
        }
        // Records already in the compiled layout were migrated before: a hook must not run twice.
        if (stored.equals(target)) {
            return TypeMigration.of(stored, compiled, Action.UNCHANGED, List.of(), null, List.of());
        }
        if (!rewritten.contains(name) && hook == null) {
            for (FieldDescriptor field : compiled.fields()) {
                if (stored.fields().stream().noneMatch(f -> f.name().equals(field.name()))) {
                    changes.add(field.name() + ": added in the reserve (v" + field.since() + "), default until written");
                }
            }
            return TypeMigration.of(stored, compiled, Action.CATALOG_ONLY, List.of(), null, changes);
        }
        Set<String> renamedAway = new HashSet<>(renames.values());
        Set<String> used = new HashSet<>();
        List<FieldMapping> mappings = new ArrayList<>();
        for (FieldDescriptor field : compiled.fields()) {
            String source = renames.getOrDefault(field.name(),
                    renamedAway.contains(field.name()) ? null : field.name());
            Optional<FieldDescriptor> old = source == null ? Optional.empty()
                    : stored.fields().stream().filter(f -> f.name().equals(source)).findFirst();
            if (old.isEmpty()) {
                changes.add(field.name() + ": new" + (hook != null ? ", default unless the hook sets it" : ", default"));
                continue;
            }
            used.add(source);
            Optional<FieldMapping> mapping = FieldMapping.between(old.get(), field, !rewritten.contains(field.target()));
            if (mapping.isEmpty()) {
                String change = field.name() + " changed from " + describe(old.get()) + " to " + describe(field);
                if (hook == null) {
                    problems.add(name + "." + change + ", which no widening converts: register a MigrationHook for "
                            + name + " that computes it (ferrite migrate --hook)");
                } else {
                    changes.add(change + ": computed by the hook");
                }
                continue;
            }
            mappings.add(mapping.get());
            if (!source.equals(field.name())) {
                changes.add(field.name() + ": renamed from " + source);
            }
            switch (mapping.get().conversion()) {
                case WIDEN -> changes.add(field.name() + ": widened from " + describe(old.get()) + " to " + describe(field));
                case ENUM_BY_NAME -> changes.add(field.name() + ": enum constants mapped by name"
                        + (mapping.get().removedConstants().isEmpty() ? ""
                                : "; removed " + mapping.get().removedConstants()
                                        + (hook == null ? " (a record holding one fails the migration)" : " (the hook sets them)")));
                case FIXED_STRING -> changes.add(field.name() + ": fixed string resized to " + (field.elementSize() - 2) + " bytes");
                case COPY -> { }
            }
            if (field.length() < old.get().length()) {
                changes.add(field.name() + ": array shortened from " + old.get().length() + " to " + field.length());
            }
        }
        for (FieldDescriptor field : stored.fields()) {
            if (!used.contains(field.name())) {
                changes.add(field.name() + ": dropped"
                        + (compiled.removals().stream().anyMatch(removal -> removal.name().equals(field.name()))
                                ? " (@RemovedField)" : "")
                        + (hook != null ? " (the hook can still read it)" : ""));
            }
        }
        if (compiled.size() != stored.size()) {
            changes.add("record size " + stored.size() + " -> " + compiled.size() + " bytes");
        }
        return TypeMigration.of(stored, compiled, Action.REWRITE, mappings, hook, changes);
    }

    /**
     * Old field name by new field name for the renames that apply to the stored version: those
     * of the options, then those the struct declares with {@code @RenamedFrom} whose old name the
     * stored version has.
     */
    private static Map<String, String> renames(TypeEntry stored, StructType<?> compiled, Migration.Options options) {
        Map<String, String> renames = new HashMap<>(options.renames(compiled.schemaName()));
        compiled.renames().forEach((field, previous) -> previous.forEach(change -> {
            String oldName = change.name();
            if (stored.fields().stream().anyMatch(f -> f.name().equals(oldName))
                    && compiled.fields().stream().noneMatch(f -> f.name().equals(oldName))) {
                renames.putIfAbsent(field, oldName);
            }
        }));
        return renames;
    }

    private static List<String> names(List<FieldDescriptor> fields) {
        return fields.stream().map(FieldDescriptor::name).toList();
    }

    private static String describe(FieldDescriptor field) {
        return field.kind().name().toLowerCase(Locale.ROOT)
                + (field.length() == 1 ? "" : "[" + field.length() + "]")
                + (field.target().isEmpty() || field.kind() == FieldKind.ENUM ? "" : " " + field.target());
    }
}
