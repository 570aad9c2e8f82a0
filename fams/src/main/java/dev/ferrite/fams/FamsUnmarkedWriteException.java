package dev.ferrite.fams;

import java.util.List;

/**
 * In {@link DirtyTracking#CHECKED} mode, {@link FamsFile#commit()} found pages that were written
 * but never passed to {@link FamsFile#markDirty}, or (in {@link CommitMode#REDO}) pages with a
 * changed 64-byte line that no mark covered. Nothing was committed; the written data is still in
 * memory.
 */
public class FamsUnmarkedWriteException extends FamsException {
    private static final long serialVersionUID = 1L;
    private static final int LISTED = 32;

    private final transient List<Long> pageOffsets;

    public FamsUnmarkedWriteException(String file, List<Long> pageOffsets) {
        super(message(file, pageOffsets));
        this.pageOffsets = List.copyOf(pageOffsets);
    }

    /** Byte offsets of the pages that were written without being marked, ascending. */
    public List<Long> pageOffsets() {
        return pageOffsets;
    }

    private static String message(String file, List<Long> offsets) {
        StringBuilder sb = new StringBuilder()
                .append(offsets.size()).append(" page(s) of ").append(file)
                .append(" were written but not marked dirty; nothing was committed. Page offsets:");
        for (int i = 0; i < Math.min(LISTED, offsets.size()); i++) {
            sb.append(i == 0 ? " " : ", ").append("0x").append(Long.toHexString(offsets.get(i)));
        }
        if (offsets.size() > LISTED) {
            sb.append(", ... (").append(offsets.size() - LISTED).append(" more)");
        }
        return sb.toString();
    }
}
