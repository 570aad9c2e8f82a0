package dev.ferrite.cli;

import dev.ferrite.runtime.CompactionReport;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapSpace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferrite compact}: {@link Heap#compact()}, which moves the records towards the start of the
 * file and gives the space above them back, in one atomic step; with {@code --dry-run}, {@link
 * Heap#planCompaction()} on a read-only open.
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Moves a heap's records towards the start of the file, packing partly used pages, rewrites every"
                + " reference to them and gives the space above back to the file system, all in one atomic step."
                + " The heap must verify clean.")
final class CompactCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Spec
    CommandSpec spec;

    @Option(names = "--dry-run", description = "Report what compacting would move and gain; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Heap heap = heapFile.open(!dryRun)) {
            HeapSpace before = heap.space();
            if (dryRun) {
                CompactionReport plan = heap.planCompaction();
                out.printf("heap      %s%n", plan.heap());
                out.printf("would move %,d blocks (%,d bytes)%n", plan.blocksMoved(), plan.bytesMoved());
                out.printf("extent    %,d bytes, at most %,d after compacting%n", plan.extentBefore(), plan.extentAfter());
                out.printf("file      %,d bytes, at most %,d after compacting%n", plan.fileSizeBefore(),
                        plan.fileSizeAfter());
                out.printf("gain      %,d bytes or more of the file's extent, %,d or more of its size; %,d bytes on"
                        + " disk now, %,d of them live%n", plan.gain(), plan.fileGain(), before.diskUsage(),
                        before.liveBytes());
                out.printf("maps      packing the sorted maps' leaves would free %,d bytes of nodes more, which the"
                        + " lines above leave out%n", plan.mapNodeBytes());
                out.println("dry run   nothing was changed");
                return FerriteCommand.OK;
            }
            ProgressBar bar = ProgressBar.forTerminal(err, "compacting");
            CompactionReport report;
            try {
                report = heap.compact(bar::update);
            } finally {
                bar.finish();
            }
            HeapSpace after = heap.space();
            out.printf("heap      %s%n", report.heap());
            out.printf("moved     %,d blocks (%,d bytes), %,d references rewritten%n", report.blocksMoved(),
                    report.bytesMoved(), report.referencesRewritten());
            out.printf("extent    %,d -> %,d bytes%n", report.extentBefore(), report.extentAfter());
            out.printf("file      %,d -> %,d bytes%s%n", report.fileSizeBefore(), report.fileSizeAfter(),
                    after.fileSize() > heap.info().size() ? " (cut when the read-only opens close)" : "");
            out.printf("disk      %,d -> %,d bytes (logs %,d -> %,d); %,d bytes live%n", before.diskUsage(),
                    after.diskUsage(), before.logDiskUsage(), after.logDiskUsage(), after.liveBytes());
            out.printf("maps      packing the sorted maps' leaves freed %,d bytes of nodes%n", report.mapNodeBytes());
            return FerriteCommand.OK;
        }
    }
}
