package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.collection.OwnedCollections;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.format.RecordHeader;
import dev.ferrite.runtime.struct.StructType;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Rewrites the records of a heap to the compiled layouts, without committing: every record of a
 * rewritten type in address order (in place when the new layout fits its block, else in a new
 * block), then the roots, the freeing of the old blocks, the catalog, and the references to
 * moved records.
 */
public final class MigrationEngine {
    private static final int PROGRESS_EVERY = 4096;

    /**
     * What a run did.
     *
     * @param rewritten records rewritten
     * @param relocated records moved
     * @param references references to moved records rewritten, roots included
     */
    public record Counts(long rewritten, long relocated, long references) {}

    private final HeapCore core;
    private final MemorySegment segment;
    private final MigrationPlanner.Analysis analysis;
    private final MigrationSettings options;
    private final Relocations relocations = new Relocations();

    /**
     * @param analysis the decisions the plan was made from, without problems
     * @throws IllegalStateException if the analysis has problems
     */
    public MigrationEngine(HeapCore core, MigrationPlanner.Analysis analysis, MigrationSettings options) {
        if (!analysis.problems().isEmpty()) {
            throw new IllegalStateException("the migration has problems: " + analysis.problems());
        }
        this.core = core;
        this.segment = core.segment();
        this.analysis = analysis;
        this.options = options;
    }

    /** Runs the migration; the caller commits, or rolls back if this throws. */
    public Counts run() {
        Map<Integer, TypeMigration> migrations = analysis.migrations();
        LongConsumer progress = options.progress();
        long[] records = recordsToRewrite(migrations);
        byte[] scratch = new byte[0];
        long done = 0;
        for (long offset : records) {
            TypeMigration migration = migrations.get(RecordHeader.typeId(segment, offset));
            int oldSize = (int) migration.stored().size();
            if (scratch.length < oldSize) {
                scratch = new byte[oldSize];
            }
            MemorySegment old = MemorySegment.ofArray(scratch).asSlice(0, oldSize);
            MemorySegment.copy(segment, offset, old, 0, oldSize);
            rewrite(migration, old, offset);
            if (++done % PROGRESS_EVERY == 0) {
                progress.accept(done);
            }
        }
        progress.accept(done);
        long references = rewriteRoots();
        for (int i = 0; i < relocations.size(); i++) {
            core.freeBlock(relocations.oldOffset(i));
        }
        core.replaceTypes(migrations.values().stream()
                .filter(migration -> migration.action() != TypeAction.UNCHANGED)
                .map(migration -> TypeEntry.of(migration.target()))
                .toList());
        if (relocations.size() > 0) {
            Set<Integer> movedIds = new HashSet<>();
            Set<String> movedNames = new HashSet<>();
            for (TypeMigration migration : migrations.values()) {
                if (migration.action() == TypeAction.REWRITE) {
                    movedIds.add(migration.target().typeId());
                    movedNames.add(migration.target().schemaName());
                }
            }
            references += new ReferenceRewriter(core, relocations, movedIds, movedNames).run();
        }
        return new Counts(done, relocations.size(), references);
    }

    /** The offsets of the records to rewrite, ascending; collected first, since rewriting allocates. */
    private long[] recordsToRewrite(Map<Integer, TypeMigration> migrations) {
        long[][] found = {new long[1024]};
        int[] count = {0};
        core.forEachRecord((type, offset) -> {
            TypeMigration migration = migrations.get(type.typeId());
            if (migration != null && migration.action() == TypeAction.REWRITE) {
                if (count[0] == found[0].length) {
                    found[0] = Arrays.copyOf(found[0], count[0] * 2);
                }
                found[0][count[0]++] = offset;
            }
        });
        return Arrays.copyOf(found[0], count[0]);
    }

    private void rewrite(TypeMigration migration, MemorySegment old, long offset) {
        StructType<?> type = migration.compiled().orElseThrow(() -> new IllegalStateException(
                migration.target().schemaName() + " was planned from its schema document alone; no compiled type writes it"));
        long size = type.size();
        long target;
        if (core.blockSize(offset) >= size) {
            target = offset;
            segment.asSlice(offset, Math.max(size, old.byteSize())).fill((byte) 0);
            core.markDirty(offset, Math.max(size, old.byteSize()));
        } else {
            target = core.allocate(size);
            relocations.add(offset, target);
        }
        // The record keeps its generation, moved or not: the references to it stay valid.
        Object record = type.initialize(core, target, RecordHeader.generation(old, 0));
        String where = type.schemaName() + " record at offset " + offset;
        for (FieldMapping mapping : migration.mappings()) {
            mapping.copy(old, segment, target, migration.hooked(), where);
        }
        core.markDirty(target, size);
        if (migration.hooked()) {
            options.hooks().apply(type.schemaName()).migrate(new OldRecordView(core, migration.stored(), old, offset), record);
        }
        freeDropped(migration, old, target);
    }

    /**
     * Frees the heap strings and collections the old record held and the new one no longer does
     * (dropped fields, or replaced by the hook). A kept collection stays where it is: the new
     * record holds its handle.
     */
    private void freeDropped(TypeMigration migration, MemorySegment old, long target) {
        List<FieldDescriptor> oldOwned = migration.storedOwned();
        if (oldOwned.isEmpty()) {
            return;
        }
        Set<Long> kept = new HashSet<>();
        for (FieldDescriptor field : migration.targetOwned()) {
            for (int i = 0; i < field.length(); i++) {
                kept.add(segment.get(LittleEndian.LONG, target + field.offset() + i * field.elementSize()));
            }
        }
        int version = RecordHeader.version(old, 0);
        for (FieldDescriptor field : oldOwned) {
            if (field.since() > version) {
                continue; // not written in this record: its bytes are not the field's
            }
            for (int i = 0; i < field.length(); i++) {
                long owned = old.get(LittleEndian.LONG, field.offset() + i * field.elementSize());
                if (owned != 0 && !kept.contains(owned)) {
                    if (field.isCollection()) {
                        OwnedCollections.free(core, owned);
                    } else {
                        core.free(owned);
                    }
                }
            }
        }
    }

    private long rewriteRoots() {
        long rewritten = 0;
        for (String name : core.rootNames()) {
            long moved = relocations.movedTo(core.root(name));
            if (moved != 0) {
                core.setRoot(name, moved);
                rewritten++;
            }
        }
        return rewritten;
    }
}
