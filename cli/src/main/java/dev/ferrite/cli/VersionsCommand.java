package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferrite versions}: the commits a heap can be rolled back to. */
@Command(name = "versions", mixinStandardHelpOptions = true, description = "Lists the retained commit numbers of a heap, oldest first; the last is the current commit.")
final class VersionsCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Heap heap = heapFile.open(false)) {
            for (long version : heap.versions()) {
                out.println(version);
            }
        }
        return FerriteCommand.OK;
    }
}
