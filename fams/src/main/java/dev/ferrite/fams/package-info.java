/**
 * FAMS: failure-atomic msync for Java. {@link dev.ferrite.fams.FamsFile} maps a file privately and
 * makes the changes since the last commit durable, all or nothing, with an undo log; its class
 * documentation describes the commit and recovery protocols step by step, with each sync and why
 * it is needed, and the threading rules.
 *
 * <h2>Structure</h2>
 * Only this package is exported. Behind it, one package per job:
 * <ul>
 *   <li>{@code storage}: the only file operations the protocols perform (open, read, write,
 *       truncate, punch a hole, sync data, sync file, sync directory, rename, delete, list), so
 *       that crash tests can run the real protocols on a simulated disk;</li>
 *   <li>{@code log}: the on-disk format of page logs (checksummed header sector, records,
 *       trailer) and their writer and reader; it knows nothing of undo or redo;</li>
 *   <li>{@code protocol}: the undo commit protocol, retention and rollback to a retained commit,
 *       and the named crashpoints;</li>
 *   <li>{@code recovery}: what an open does to bring the files back to the last commit;</li>
 *   <li>{@code dirty}: finding written pages (the explicit bitmap, {@code /proc/self/pagemap})
 *       and dropping private copies ({@code madvise});</li>
 *   <li>{@code mapping}: the {@code MAP_PRIVATE | MAP_NORESERVE} mapping itself, through
 *       {@code mmap}, so that a sparse file larger than memory maps.</li>
 * </ul>
 * A redo (write-ahead) mode with one sync per commit would add a protocol and a recovery branch
 * over the same {@code log} and {@code storage} packages.
 */
package dev.ferrite.fams;
