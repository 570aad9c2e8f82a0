package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferrite info}: space, roots and stored types of a heap. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Prints a heap's space, roots and stored types with their record counts.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Heap heap = heapFile.open(false)) {
            HeapInfo info = heap.info();
            List<Long> versions = heap.versions();
            out.printf("heap      %s%n", info.path());
            out.printf("commit    %d%n", versions.isEmpty() ? 0 : versions.getLast());
            out.printf("capacity  %,d bytes%n", info.capacity());
            out.printf("used      %,d bytes in %,d blocks (extent %,d bytes)%n",
                    info.allocatedBytes(), info.allocatedBlocks(), info.extent());
            out.printf("roots     %d%n", info.roots().size());
            for (String root : new TreeSet<>(info.roots())) {
                out.printf("  %s%n", root);
            }
            out.printf("types     %d%n", info.types().size());
            for (HeapInfo.StoredType type : info.types()) {
                out.printf("  %s v%d: %,d records of %d bytes, %d fields, type id 0x%08x%n",
                        type.schemaName(), type.version(), type.records(), type.size(), type.fields().size(), type.typeId());
            }
        }
        return FerriteCommand.OK;
    }
}
