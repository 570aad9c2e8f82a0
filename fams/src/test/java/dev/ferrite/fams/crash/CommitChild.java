package dev.ferrite.fams.crash;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.Durability;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;

/**
 * Child JVM for the crashpoint tests: {@code commit FILE PAGES COMMIT RETAIN} opens FILE at PAGES
 * pages, stamps pages 0, 2, 3, 4 and the last one with COMMIT's stamp, zeroes page 1 and commits;
 * {@code open FILE RETAIN} only opens (recovers) and closes; {@code rollback FILE N} rolls back to
 * retained commit N; {@code hold FILE} opens FILE for writing, prints "open" and waits to be killed.
 * In the write-ahead mode: {@code redo FILE PAGES COMMIT DURABILITY} stamps and zeroes the same
 * pages and commits them with DURABILITY, then closes (which checkpoints); {@code redo-open FILE}
 * only opens (recovers) and closes.
 * Run with {@code -Dferrite.fams.crashpoint} to halt in the middle.
 */
public final class CommitChild {
    static final int PAGE = 4096;

    private CommitChild() {}

    public static void main(String[] args) {
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "commit" -> {
                int pages = Integer.parseInt(args[2]);
                long commit = Long.parseLong(args[3]);
                FamsOptions options = FamsOptions.builder().size((long) pages * PAGE)
                        .retainVersions(Integer.parseInt(args[4])).build();
                try (FamsFile f = FamsFile.open(file, options)) {
                    for (int p : new int[] {0, 2, 3, 4, pages - 1}) {
                        stamp(f, p, commit);
                    }
                    f.segment().asSlice(PAGE, PAGE).fill((byte) 0);
                    f.markDirty(PAGE, PAGE);
                    f.commit();
                }
            }
            case "redo" -> {
                int pages = Integer.parseInt(args[2]);
                long commit = Long.parseLong(args[3]);
                try (FamsFile f = FamsFile.open(file, redo().size((long) pages * PAGE).build())) {
                    for (int p : new int[] {0, 2, 3, 4, pages - 1}) {
                        stamp(f, p, commit);
                    }
                    f.segment().asSlice(PAGE, PAGE).fill((byte) 0);
                    f.markDirty(PAGE, PAGE);
                    f.commit(Durability.valueOf(args[4]));
                }
            }
            case "redo-open" -> FamsFile.open(file, redo().build()).close();
            case "open" -> FamsFile.open(file, FamsOptions.builder().retainVersions(Integer.parseInt(args[2])).build()).close();
            case "rollback" -> {
                try (FamsFile f = FamsFile.open(file, FamsOptions.builder().retainVersions(3).build())) {
                    f.rollbackTo(Long.parseLong(args[2]));
                }
            }
            case "hold" -> {
                FamsFile f = FamsFile.open(file, FamsOptions.defaults());
                System.out.println("open " + f.commitNumber());
                System.out.flush();
                while (true) {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static FamsOptions.Builder redo() {
        return FamsOptions.builder().commitMode(CommitMode.REDO);
    }

    static void stamp(FamsFile f, int page, long commit) {
        for (int i = 0; i < PAGE; i += 8) {
            f.segment().set(ValueLayout.JAVA_LONG, (long) page * PAGE + i, commit << 32 | page);
        }
        f.markDirty((long) page * PAGE, PAGE);
    }
}
