package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.Migration;
import dev.ferrite.runtime.Migration.Action;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.schema.SchemaDocument;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a migration from schema documents: the heap's stored catalog on one side, the target
 * documents on the other (of the compiled types, or read from an exported schema folder). This
 * is the only place where layouts are compared for a migration; each type is decided by a
 * {@link TypePlanner}, and the records are counted in the heap.
 */
public final class MigrationPlanner {

    /**
     * The decisions for a heap, ready to run.
     *
     * @param migrations by type id, for the types the heap stores that have a target
     * @param problems why the migration cannot run
     */
    record Analysis(Map<Integer, TypeMigration> migrations, List<String> problems) {}

    private MigrationPlanner() {}

    /** The plan for migrating {@code core} to {@code targets}; reads every block's header to count records. */
    public static Migration.Plan plan(HeapCore core, List<SchemaDocument> targets, Migration.Options options) {
        Analysis analysis = analyse(core.types(), targets, options);
        Map<Integer, long[]> counts = new HashMap<>();
        core.forEachRecord((type, offset) -> {
            TypeMigration migration = analysis.migrations().get(type.typeId());
            if (migration != null && migration.action() != Action.UNCHANGED) {
                long[] count = counts.computeIfAbsent(type.typeId(), id -> new long[2]);
                count[0]++;
                if (migration.action() == Action.REWRITE && core.blockSize(offset) < migration.target().size()) {
                    count[1]++;
                }
            }
        });
        List<Migration.TypePlan> plans = new ArrayList<>();
        for (TypeMigration migration : analysis.migrations().values()) {
            long[] count = counts.getOrDefault(migration.target().typeId(), new long[2]);
            long written = migration.action() == Action.REWRITE ? count[0] * migration.target().size() : 0;
            plans.add(new Migration.TypePlan(migration.stored().schemaName(), migration.stored().version(),
                    migration.target().version(), migration.action(), count[0], count[1], written, migration.changes()));
        }
        return new Migration.Plan(plans, analysis.problems());
    }

    /** The decisions for the stored {@code catalog} and the {@code targets}, without looking at records. */
    static Analysis analyse(List<TypeEntry> catalog, List<SchemaDocument> targets, Migration.Options options) {
        Map<Integer, SchemaDocument> stored = new HashMap<>();
        for (TypeEntry entry : catalog) {
            stored.put(entry.typeId(), SchemaDocument.of(entry));
        }
        List<String> problems = new ArrayList<>();
        Map<Integer, SchemaDocument> matched = new LinkedHashMap<>();
        for (SchemaDocument target : targets) {
            SchemaDocument entry = stored.get(target.typeId());
            SchemaDocument other = matched.putIfAbsent(target.typeId(), target);
            if (other != null && !other.schemaName().equals(target.schemaName())) {
                problems.add(target.schemaName() + " and " + other.schemaName() + " have the same type id; rename one");
            } else if (entry != null && !entry.schemaName().equals(target.schemaName())) {
                problems.add("type id 0x" + Integer.toHexString(target.typeId()) + " of " + target.schemaName()
                        + " is taken by " + entry.schemaName() + " in the heap");
                matched.remove(target.typeId());
            } else if (entry == null) {
                matched.remove(target.typeId());
            }
        }
        // Which types change layout decides whether inline copies of them can be copied as bytes.
        Set<String> rewritten = new HashSet<>();
        for (SchemaDocument target : matched.values()) {
            if (TypePlanner.rewrites(stored.get(target.typeId()), target, options)) {
                rewritten.add(target.schemaName());
            }
        }
        Map<Integer, TypeMigration> migrations = new LinkedHashMap<>();
        for (SchemaDocument target : matched.values()) {
            SchemaDocument old = stored.get(target.typeId());
            TypePlanner planner = new TypePlanner(old, target, TypePlanner.renames(old, target, options),
                    options.hook(target.schemaName()) != null);
            migrations.put(target.typeId(), planner.decide(rewritten, problems));
        }
        checkEmbedders(stored.values(), migrations, rewritten, problems);
        return new Analysis(migrations, problems);
    }

    /**
     * A record that embeds a rewritten struct inline holds that struct's old layout: only a
     * rewrite of the embedding type, whose hook fills the embedded struct, can carry it over.
     */
    private static void checkEmbedders(Iterable<SchemaDocument> stored, Map<Integer, TypeMigration> migrations,
            Set<String> rewritten, List<String> problems) {
        for (SchemaDocument type : stored) {
            TypeMigration migration = migrations.get(type.typeId());
            boolean hooked = migration != null && migration.action() == Action.REWRITE && migration.hooked();
            for (FieldDescriptor field : type.fields()) {
                if (field.kind() == FieldKind.INLINE && rewritten.contains(field.target()) && !hooked) {
                    problems.add(type.schemaName() + "." + field.name() + " embeds " + field.target()
                            + ", whose layout changes: compile " + type.schemaName() + " too and register a"
                            + " MigrationHook for it that fills " + field.name());
                }
            }
        }
    }
}
