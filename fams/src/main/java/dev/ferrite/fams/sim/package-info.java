/**
 * A simulated disk under the {@link dev.ferrite.fams.storage.Storage} interface, which records
 * what each sync made durable, and the enumeration of every state a power cut could leave on it.
 * FAMS's own power-loss tests and the {@code ferrite-test} kit run on it. Internal: exported only
 * to the kit's module.
 */
package dev.ferrite.fams.sim;
