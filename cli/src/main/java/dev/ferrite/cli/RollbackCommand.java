package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import java.util.Comparator;
import java.util.List;
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
            // One retained commit at a time, newest first, as a rollback to an older one goes anyway:
            // each step is durable, and the bar shows the steps.
            List<Long> steps = heap.versions().stream().filter(v -> v >= commit).sorted(Comparator.reverseOrder())
                    .skip(1).toList();
            ProgressBar bar = ProgressBar.forTerminal(spec.commandLine().getErr(), "rolling back");
            for (int i = 0; i < steps.size(); i++) {
                heap.rollbackTo(steps.get(i));
                bar.update(i + 1, steps.size());
            }
            bar.finish();
            spec.commandLine().getOut().printf("%s is at commit %d%n", heapFile.path, commit);
        }
        return FerriteCommand.OK;
    }
}
