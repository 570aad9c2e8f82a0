/**
 * The migration engine behind {@link dev.ferrite.runtime.Migration}: planning from schema documents, the stored
 * one and the exported target one, from a schema folder or beside the compiled classes ({@link
 * dev.ferrite.runtime.migrate.CompiledTargets}; {@link dev.ferrite.runtime.migrate.MigrationPlanner}, per type {@link
 * dev.ferrite.runtime.migrate.TypePlanner}), converting fields ({@link
 * dev.ferrite.runtime.migrate.FieldMapping}), rewriting records ({@link
 * dev.ferrite.runtime.migrate.MigrationEngine}) and the references to moved ones ({@link
 * dev.ferrite.runtime.migrate.ReferenceRewriter}). Not exported.
 *
 * <p>Everything a migration writes goes through the heap's dirty marking and lands in one FAMS
 * commit, which {@code Migration.run} makes after the engine returns: the old records are read
 * from copies, so a record rewritten in place never reads its own new bytes.
 */
package dev.ferrite.runtime.migrate;
