package dev.ferrite.runtime;

import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.migrate.CompiledTargets;
import dev.ferrite.runtime.migrate.MigrationEngine;
import dev.ferrite.runtime.migrate.MigrationEvent;
import dev.ferrite.runtime.migrate.MigrationPlanner;
import dev.ferrite.runtime.migrate.MigrationSettings;
import dev.ferrite.runtime.migrate.PlannedType;
import dev.ferrite.runtime.migrate.MigrationTarget;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.schema.document.SchemaFolder;
import dev.ferrite.runtime.struct.StructType;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Brings every record of a heap up to the compiled layouts of its struct types, in one atomic
 * commit: after a crash at any instant the heap is entirely as before or entirely migrated.
 *
 * <pre>{@code
 * Migration.Plan plan = Migration.plan(heap, List.of(AccountFlyweight.TYPE), Migration.Options.defaults());
 * System.out.println(plan);                                   // a dry run changes nothing
 * Migration.run(heap, List.of(AccountFlyweight.TYPE), Migration.Options.builder()
 *         .hook("com.acme.Account", (old, account) -> ((Account) account).total(old.longValue("cents") / 100))
 *         .build());
 * }</pre>
 *
 * <p>The plan is computed from two schema documents per type: the layout the heap's catalog
 * stores and the exported target layout. With compiled types, the target is the document the
 * processor put beside the type's classes ({@code META-INF/ferrite/schemas/<schemaName>/<version>.json},
 * read through the type's class loader), which must be what the type describes: a missing
 * document, or one from another build, is a problem of the plan. Without classes it is the
 * newest version in an exported schema folder (see {@link #plan(Heap, Path, Options)}). For
 * each type the heap stores and the caller compiled:
 * <ul>
 *   <li>Same layout: nothing to do.</li>
 *   <li>Only {@code @Since} fields added inside the reserve, nothing renamed and no hook: the
 *       catalog learns the new layout, records stay as they are and read the new fields as
 *       defaults ({@link Action#CATALOG_ONLY}).</li>
 *   <li>Anything else: every record is rewritten ({@link Action#REWRITE}). Fields are copied by
 *       name (after the renames the struct declares with {@code @RenamedFrom}, and those of
 *       {@link Options.Builder#rename}), numeric fields widened where every value is kept ({@code int} to {@code long}
 *       or {@code double}, {@code float} to {@code double}, …), arrays lengthened, enum fields mapped by
 *       constant name, {@code @FixedString}s copied while they fit; fields the new layout lacks are dropped, with their heap strings, when the
 *       struct declares them {@code @RemovedField} or the caller agrees with {@link Options.Builder#drop}
 *       (a field that vanished otherwise may have been renamed: it is a problem of the plan, naming
 *       both fixes). Then the
 *       type's {@link MigrationHook} computes what remains. A record that no longer fits its
 *       block is moved to a new one, and every reference to it is rewritten: in reference fields
 *       of all records (the catalog says where they are), in sorted maps and lists holding
 *       references or structs of its type, and in the root table.</li>
 * </ul>
 * A change the migration cannot carry over by itself (a narrowing, a widening that rounds such
 * as {@code long} to {@code double}, a shorter array, a retargeted reference, a changed inline struct) is a problem in the {@link Plan} unless a hook is registered for the
 * type, which then computes the field.
 */
public final class Migration {

    private Migration() {}

    /**
     * Computes what {@link #run} would do, changing nothing: per type the action, the number of
     * records, how many move and how many bytes are written.
     *
     * @param types the compiled struct types: the layouts to migrate to
     */
    public static Plan plan(Heap heap, Collection<? extends StructType<?>> types, Options options) {
        Objects.requireNonNull(options, "options");
        HeapCore core = core(heap);
        return plan(analyse(core, types, options), core);
    }

    /**
     * Computes the plan from an exported schema folder ({@code -Aferrite.schemaLocation}) instead
     * of compiled classes: each type the heap stores is planned to the newest version exported
     * in {@code schemaFolder}; a stored type of which the folder holds no version is a problem of
     * the plan, since a wrong or empty folder must not look like a heap with nothing to do. It is the plan that
     * {@link #plan(Heap, Collection, Options)} computes with the classes that exported those
     * versions, so a migration can be previewed from the schema folder kept in version control.
     * A folder holds no hooks: those registered in {@code options} are planned for, though
     * none runs here.
     *
     * @throws SchemaFileException if a schema file of a stored type is unreadable, malformed or no
     *     schema of the version it is named after; the message names the file, the problem and
     *     where it is (line and column, or JSON path)
     */
    public static Plan plan(Heap heap, Path schemaFolder, Options options) {
        Objects.requireNonNull(options, "options");
        HeapCore core = core(heap);
        SchemaFolder folder = new SchemaFolder(schemaFolder);
        List<MigrationTarget> targets = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (TypeEntry stored : core.types()) {
            Optional<SchemaDocument> newest = folder.newest(stored.schemaName());
            newest.map(MigrationTarget::of).ifPresent(targets::add);
            if (newest.isEmpty()) {
                missing.add("the heap stores " + stored.schemaName() + " version " + stored.version()
                        + ", of which " + folder.directory(stored.schemaName()) + File.separator
                        + " holds no exported version: is " + schemaFolder + " the folder the application's"
                        + " builds export their schemas to?");
            }
        }
        return plan(MigrationPlanner.analyse(core.types(), targets, missing, settings(options)), core);
    }

    /**
     * Migrates the heap and commits; on failure rolls back to the last commit and rethrows, so the
     * heap is unchanged. Uncommitted changes made before the call are committed with the
     * migration. A heap that already matches {@code types} is left alone: nothing is committed,
     * and the result names the last commit.
     *
     * <p>No other thread may use the heap while it runs, and flyweights obtained before must not
     * be used afterwards: their records may have moved. Open the heap, migrate, then use it.
     *
     * <p>It keeps no copy of the heap as it was: copy the heap file first, while no writer has it
     * open, to be able to go back ({@code ferrite migrate} does so, and says how to restore it).
     *
     * @throws SchemaMigrationRequiredException if the plan has problems; the message lists them
     * @throws IllegalStateException if the heap is open read-only
     */
    public static Result run(Heap heap, Collection<? extends StructType<?>> types, Options options) {
        Objects.requireNonNull(options, "options");
        HeapCore core = core(heap);
        if (!core.writable()) {
            throw new IllegalStateException(heap + " is open read-only; a migration must write it");
        }
        MigrationPlanner.Analysis analysis = analyse(core, types, options);
        Plan plan = plan(analysis, core);
        if (!plan.problems().isEmpty()) {
            throw new SchemaMigrationRequiredException(
                    "cannot migrate " + heap + ":\n  " + String.join("\n  ", plan.problems()));
        }
        if (!plan.changesHeap()) {
            return new Result(plan, 0, 0, 0, heap.versions().getLast());
        }
        try {
            MigrationEvent event = new MigrationEvent();
            event.begin();
            MigrationEngine.Counts counts = new MigrationEngine(core, analysis, settings(options)).run();
            long commit = heap.commit();
            event.end(heap.toString(), plan.types().stream().filter(t -> t.action() != Action.UNCHANGED).count(), counts,
                    commit);
            return new Result(plan, counts.rewritten(), counts.relocated(), counts.references(), commit);
        } catch (RuntimeException | Error e) {
            // Recorded first, so that the heap refuses to commit the half migration should the rollback fail too.
            RuntimeException failure;
            try {
                failure = core.interrupted("migrate " + heap, e);
            } finally {
                heap.rollback();
            }
            throw failure;
        }
    }

    private static MigrationPlanner.Analysis analyse(HeapCore core, Collection<? extends StructType<?>> types,
            Options options) {
        List<String> problems = new ArrayList<>();
        List<MigrationTarget> targets = CompiledTargets.of(types, core.types(), problems);
        return MigrationPlanner.analyse(core.types(), targets, problems, settings(options));
    }

    private static MigrationSettings settings(Options options) {
        return new MigrationSettings(options::renames, options::hook, options::drops, options.progress());
    }

    private static Plan plan(MigrationPlanner.Analysis analysis, HeapCore core) {
        List<TypePlan> types = new ArrayList<>();
        for (PlannedType type : analysis.plan(core)) {
            types.add(new TypePlan(type.schemaName(), type.storedVersion(), type.targetVersion(),
                    Action.valueOf(type.action().name()), type.records(), type.relocated(), type.bytesWritten(),
                    type.changes()));
        }
        return new Plan(types, analysis.problems());
    }

    private static HeapCore core(Heap heap) {
        return Objects.requireNonNull(heap, "heap").core();
    }

    /** What happens to the records of one type. */
    public enum Action {
        /** The compiled layout is the stored one. */
        UNCHANGED,
        /** Only the catalog changes: records are readable in place with the new fields at their defaults. */
        CATALOG_ONLY,
        /** Every record is rewritten, in place where it fits its block, else moved. */
        REWRITE
    }

    /**
     * The plan for one stored type.
     *
     * @param schemaName the type's schema name
     * @param storedVersion the version in the heap's catalog
     * @param targetVersion the version migrated to
     * @param action what happens to its records
     * @param records the number of its records
     * @param relocated how many of them move to a new block
     * @param bytesWritten bytes of records written
     * @param changes one line per field change: renamed, widened, dropped, computed, …
     */
    public record TypePlan(String schemaName, int storedVersion, int targetVersion, Action action, long records,
            long relocated, long bytesWritten, List<String> changes) {
        public TypePlan {
            changes = List.copyOf(changes);
        }
    }

    /**
     * A migration's plan.
     *
     * @param types one entry per stored type that was compiled
     * @param problems why the migration cannot run; empty when it can
     */
    public record Plan(List<TypePlan> types, List<String> problems) {
        public Plan {
            types = List.copyOf(types);
            problems = List.copyOf(problems);
        }

        /** Whether running it would change the heap. */
        public boolean changesHeap() {
            return types.stream().anyMatch(type -> type.action() != Action.UNCHANGED);
        }

        /** Records that will be rewritten. */
        public long recordsToRewrite() {
            return types.stream().filter(type -> type.action() == Action.REWRITE).mapToLong(TypePlan::records).sum();
        }

        /** Bytes of records that will be written. */
        public long bytesToWrite() {
            return types.stream().mapToLong(TypePlan::bytesWritten).sum();
        }

        /** The plan as lines of text, for people. */
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (TypePlan type : types) {
                text.append(type.schemaName()).append(": v").append(type.storedVersion()).append(" -> v")
                        .append(type.targetVersion()).append(", ").append(switch (type.action()) {
                            case UNCHANGED -> "unchanged";
                            case CATALOG_ONLY -> "catalog only (records read new fields as defaults)";
                            case REWRITE -> "rewrite";
                        }).append(", ").append(type.records()).append(" records");
                if (type.action() == Action.REWRITE) {
                    text.append(", ").append(type.relocated()).append(" moved, ").append(type.bytesWritten())
                            .append(" bytes written");
                }
                text.append('\n');
                for (String change : type.changes()) {
                    text.append("    ").append(change).append('\n');
                }
            }
            for (String problem : problems) {
                text.append("problem: ").append(problem).append('\n');
            }
            return text.toString();
        }
    }

    /**
     * What a migration did.
     *
     * @param plan the plan it ran
     * @param rewritten records rewritten
     * @param relocated records moved to a new block
     * @param referencesRewritten references to moved records rewritten
     * @param commit the commit that holds the migration
     */
    public record Result(Plan plan, long rewritten, long relocated, long referencesRewritten, long commit) {}

    /** Renames, agreed drops, hooks and progress reporting of a migration. */
    public static final class Options {
        private static final Options DEFAULTS = builder().build();

        private final Map<String, Map<String, String>> renames;
        private final Map<String, MigrationHook> hooks;
        private final Map<String, Set<String>> drops;
        private final LongConsumer progress;

        private Options(Builder builder) {
            Map<String, Map<String, String>> copy = new HashMap<>();
            builder.renames.forEach((type, fields) -> copy.put(type, Map.copyOf(fields)));
            this.renames = Map.copyOf(copy);
            this.hooks = Map.copyOf(builder.hooks);
            Map<String, Set<String>> dropped = new HashMap<>();
            builder.drops.forEach((type, fields) -> dropped.put(type, Set.copyOf(fields)));
            this.drops = Map.copyOf(dropped);
            this.progress = builder.progress;
        }

        /** No renames, drops or hooks, no progress reports. */
        public static Options defaults() {
            return DEFAULTS;
        }

        public static Builder builder() {
            return new Builder();
        }

        /** For the type {@code schemaName}: old field name by new field name. */
        public Map<String, String> renames(String schemaName) {
            return renames.getOrDefault(schemaName, Map.of());
        }

        /** The hook of the type {@code schemaName}, or {@code null}. */
        public MigrationHook hook(String schemaName) {
            return hooks.get(schemaName);
        }

        /**
         * For the type {@code schemaName}: the stored fields the caller agreed to drop with {@link
         * Builder#drop}.
         */
        public Set<String> drops(String schemaName) {
            return drops.getOrDefault(schemaName, Set.of());
        }

        /** Receives the number of records rewritten so far, now and then. */
        public LongConsumer progress() {
            return progress;
        }

        /** Builds {@link Options}. */
        public static final class Builder {
            private final Map<String, Map<String, String>> renames = new HashMap<>();
            private final Map<String, MigrationHook> hooks = new HashMap<>();
            private final Map<String, Set<String>> drops = new HashMap<>();
            private LongConsumer progress = done -> {};

            private Builder() {}

            /**
             * Declares that the field {@code oldName} of the type {@code schemaName} is now called
             * {@code newName}: for renames the struct does not declare with {@code @RenamedFrom}.
             */
            public Builder rename(String schemaName, String oldName, String newName) {
                Map<String, String> fields = renames.computeIfAbsent(Objects.requireNonNull(schemaName, "schemaName"),
                        type -> new HashMap<>());
                String previous = fields.putIfAbsent(Objects.requireNonNull(newName, "newName"),
                        Objects.requireNonNull(oldName, "oldName"));
                if (previous != null) {
                    throw new IllegalArgumentException(schemaName + "." + newName + " is already renamed from " + previous);
                }
                return this;
            }

            /**
             * Agrees that the stored field {@code field} of the type {@code schemaName}, which the
             * compiled struct no longer has, is dropped with its values: for a removal the struct
             * does not declare with {@code @RemovedField}. Without a declaration or this, a
             * field that disappeared is a problem of the plan, since it may have been renamed.
             */
            public Builder drop(String schemaName, String field) {
                drops.computeIfAbsent(Objects.requireNonNull(schemaName, "schemaName"), type -> new HashSet<>())
                        .add(Objects.requireNonNull(field, "field"));
                return this;
            }

            /** Registers the hook that computes fields of the type {@code schemaName}. */
            public Builder hook(String schemaName, MigrationHook hook) {
                hooks.put(Objects.requireNonNull(schemaName, "schemaName"), Objects.requireNonNull(hook, "hook"));
                return this;
            }

            /** Receives the number of records rewritten so far, every few thousand records and at the end. */
            public Builder progress(LongConsumer progress) {
                this.progress = Objects.requireNonNull(progress, "progress");
                return this;
            }

            public Options build() {
                return new Options(this);
            }
        }
    }
}
