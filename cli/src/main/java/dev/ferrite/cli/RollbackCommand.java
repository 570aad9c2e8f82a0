package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferrite rollback --to N}: makes a retained commit the current one. */
@Command(name = "rollback", mixinStandardHelpOptions = true, description = "Rolls a heap back to a retained commit (see `ferrite versions`); later commits are discarded.")
final class RollbackCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Option(names = "--to", required = true, paramLabel = "<n>", description = "The commit to return to.")
    long commit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Heap heap = heapFile.open(true)) {
            if (!heap.versions().contains(commit)) {
                throw new ParameterException(spec.commandLine(),
                        heapFile.path + " does not retain commit " + commit + "; it retains " + heap.versions());
            }
            heap.rollbackTo(commit);
            spec.commandLine().getOut().printf("%s is at commit %d%n", heapFile.path, commit);
        }
        return FerriteCommand.OK;
    }
}
