package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import java.util.ArrayList;
import java.util.Collections;
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
     * The decisions for a heap, computed once: the plan shown to people and the migration that
     * runs are both made from it, so that they cannot differ.
     */
    public static final class Analysis {
        private final Map<Integer, TypeMigration> migrations;
        private final List<String> problems;

        private Analysis(Map<Integer, TypeMigration> migrations, List<String> problems) {
            this.migrations = Collections.unmodifiableMap(migrations);
            this.problems = List.copyOf(problems);
        }

        /** By type id, for the types the heap stores that have a target. */
        Map<Integer, TypeMigration> migrations() {
            return migrations;
        }

        /** Why the migration cannot run; empty when it can. */
        public List<String> problems() {
            return problems;
        }

        /**
         * Per type, the decision with its records counted in {@code core}: reads every block's
         * header. Why it cannot run is {@link #problems()}.
         */
        public List<PlannedType> plan(HeapCore core) {
            Map<Integer, long[]> counts = new HashMap<>();
            core.forEachRecord((type, offset) -> {
                TypeMigration migration = migrations.get(type.typeId());
                if (migration != null && migration.action() != TypeAction.UNCHANGED) {
                    long[] count = counts.computeIfAbsent(type.typeId(), id -> new long[2]);
                    count[0]++;
                    if (migration.action() == TypeAction.REWRITE && core.blockSize(offset) < migration.target().size()) {
                        count[1]++;
                    }
                }
            });
            List<PlannedType> plans = new ArrayList<>();
            for (TypeMigration migration : migrations.values()) {
                long[] count = counts.getOrDefault(migration.target().typeId(), new long[2]);
                long written = migration.action() == TypeAction.REWRITE ? count[0] * migration.target().size() : 0;
                plans.add(new PlannedType(migration.stored().schemaName(), migration.stored().version(),
                        migration.target().version(), migration.action(), count[0], count[1], written,
                        migration.changes()));
            }
            return plans;
        }
    }

    private MigrationPlanner() {}

    /**
     * The decisions for the stored {@code catalog} and the {@code targets}, without looking at
     * records.
     *
     * @param found problems found while collecting the targets, listed first
     */
    public static Analysis analyse(List<TypeEntry> catalog, List<MigrationTarget> targets, List<String> found,
            MigrationSettings options) {
        Map<Integer, SchemaDocument> stored = new HashMap<>();
        for (TypeEntry entry : catalog) {
            stored.put(entry.typeId(), entry.document());
        }
        List<String> problems = new ArrayList<>(found);
        Map<Integer, MigrationTarget> seen = new HashMap<>();
        Map<Integer, MigrationTarget> matched = new LinkedHashMap<>();
        for (MigrationTarget target : targets) {
            SchemaDocument document = target.document();
            SchemaDocument entry = stored.get(document.typeId());
            MigrationTarget other = seen.putIfAbsent(document.typeId(), target);
            if (other != null) {
                // Which of the two would write the records is arbitrary: neither is planned.
                String otherName = other.document().schemaName();
                problems.add(otherName.equals(document.schemaName())
                        ? "two targets have the schema name " + document.schemaName() + " (versions "
                                + other.document().version() + " and " + document.version() + "): keep one"
                        : document.schemaName() + " and " + otherName + " have the same type id; rename one");
                matched.remove(document.typeId());
            } else if (entry != null && !entry.schemaName().equals(document.schemaName())) {
                problems.add("type id 0x" + Integer.toHexString(document.typeId()) + " of " + document.schemaName()
                        + " is taken by " + entry.schemaName() + " in the heap");
            } else if (entry != null) {
                matched.put(document.typeId(), target);
            }
        }
        // Which types change layout decides whether inline copies of them can be copied as bytes.
        Set<String> rewritten = new HashSet<>();
        for (MigrationTarget target : matched.values()) {
            if (TypePlanner.rewrites(stored.get(target.document().typeId()), target.document(), options)) {
                rewritten.add(target.document().schemaName());
            }
        }
        Map<Integer, TypeMigration> migrations = new LinkedHashMap<>();
        for (MigrationTarget target : matched.values()) {
            SchemaDocument old = stored.get(target.document().typeId());
            String name = target.document().schemaName();
            TypePlanner planner = new TypePlanner(old, target, TypePlanner.renames(old, target.document(), options),
                    options.drops().apply(name), options.hooks().apply(name) != null);
            migrations.put(target.document().typeId(), planner.decide(rewritten, problems));
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
            boolean hooked = migration != null && migration.action() == TypeAction.REWRITE && migration.hooked();
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
