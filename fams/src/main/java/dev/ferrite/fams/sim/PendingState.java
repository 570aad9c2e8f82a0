package dev.ferrite.fams.sim;

import java.util.List;
import java.util.Map;

/**
 * A frozen view of what a {@link SimDisk} has made durable and what a power cut could still lose:
 * inodes are numbered; the durable directory maps names to inode numbers.
 *
 * @param durableDirectory names durable in the directory
 * @param durableContents per inode, the contents as of its last sync
 * @param pendingOps per inode, the writes, holes punched and size changes since its last sync, in order
 * @param pendingDirectory directory changes since the last directory sync, in order
 */
public record PendingState(Map<String, Integer> durableDirectory, List<FileImage> durableContents,
                           List<List<SimDisk.FileOp>> pendingOps, List<DirChange> pendingDirectory) {

    /**
     * A creation of {@code name} as {@code inode}, a rename ({@code renamedFrom != null}) of
     * {@code inode} to {@code name}, or a removal of {@code name} ({@code inode < 0}).
     */
    public record DirChange(String name, String renamedFrom, int inode) {}
}
