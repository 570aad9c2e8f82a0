package dev.ferrite.cli;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapVerifier;
import dev.ferrite.runtime.VerifyReport;
import dev.ferrite.runtime.json.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferrite verify}: the full integrity check of {@link HeapVerifier}, with the heap's
 * catalog alone. Exit 0 when the heap is sound, 1 when problems are found, 3 when the heap
 * cannot be opened at all.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Checks a heap's header, catalog, allocator, references, strings and collections, and"
                + " that every allocated block is reachable from a root. Needs no application classes.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document instead of text; the exit code is the same.")
    boolean json;

    /** The retained commits before the last one: those `ferrite rollback --to` accepts. */
    private List<Long> earlierCommits() {
        try (Heap heap = heapFile.open(false)) {
            List<Long> versions = heap.versions();
            return versions.subList(0, versions.size() - 1).reversed();
        } catch (FerriteException e) {
            return List.of();
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(heapFile.path)) {
            throw new FerriteException(heapFile.path + ": no such heap file");
        }
        ProgressBar bar = ProgressBar.forTerminal(err, "verifying");
        VerifyReport report;
        try {
            report = HeapVerifier.verify(heapFile.path, bar::update);
        } catch (CorruptHeapException e) {
            bar.finish();
            if (json) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("heap", heapFile.path.toString());
                document.put("clean", false);
                document.put("error", e.getMessage());
                out.print(Json.write(document));
            }
            err.println("ferrite: " + e.getMessage());
            if (!Files.isRegularFile(heapFile.path)) {
                return FerriteCommand.UNREADABLE; // a directory, FIFO or device: nothing to restore
            }
            err.println("The heap's metadata (header, page table, catalog or root table) is damaged, so it cannot"
                    + " be opened at all: restore the file from a backup.");
            return FerriteCommand.UNREADABLE;
        }
        bar.finish();
        if (json) {
            out.print(Json.write(document(report, report.clean() ? List.of() : earlierCommits())));
            return report.clean() ? FerriteCommand.OK : FerriteCommand.PROBLEMS;
        }
        out.printf("heap      %s%n", report.heap());
        out.printf("checked   %,d blocks (%,d bytes): %,d reachable, %,d records, %,d strings%n",
                report.blocks(), report.allocatedBytes(), report.reachable(), report.records(), report.strings());
        report.notes().forEach(note -> out.printf("note      %s%n", note));
        if (report.clean()) {
            out.println("ok        no problems found");
            return FerriteCommand.OK;
        }
        long total = report.problems().size() + report.omitted();
        out.printf("problems  %,d%n", total);
        for (VerifyReport.Problem problem : report.problems()) {
            out.printf("  at offset %d: [%s] %s%n", problem.offset(), problem.kind(), problem.message());
        }
        if (report.omitted() > 0) {
            out.printf("  ... and %,d more%n", report.omitted());
        }
        out.println("what to do");
        List<Long> earlier = earlierCommits();
        for (VerifyReport.Kind kind : report.kinds()) {
            out.printf("  %s: %s%n", kind, kind.advice(heapFile.path, earlier));
        }
        for (Path backup : MigrationBackup.existing(heapFile.path)) {
            out.printf("  the heap as it was before a migration is kept in %s; to restore it (no process may have"
                    + " the heap open): %s%n", backup, MigrationBackup.restoreCommand(backup, heapFile.path));
        }
        return FerriteCommand.PROBLEMS;
    }

    /** The report under the names of {@link VerifyReport}'s components, with the advice for each kind found. */
    private Map<String, Object> document(VerifyReport report, List<Long> earlierCommits) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("heap", report.heap().toString());
        document.put("clean", report.clean());
        document.put("blocks", report.blocks());
        document.put("allocatedBytes", report.allocatedBytes());
        document.put("reachable", report.reachable());
        document.put("records", report.records());
        document.put("strings", report.strings());
        document.put("notes", report.notes());
        List<Object> problems = new ArrayList<>();
        for (VerifyReport.Problem problem : report.problems()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", problem.kind().name());
            entry.put("offset", problem.offset());
            entry.put("message", problem.message());
            problems.add(entry);
        }
        document.put("problems", problems);
        document.put("omitted", report.omitted());
        Map<String, Object> advice = new LinkedHashMap<>();
        report.kinds().forEach(kind -> advice.put(kind.name(), kind.advice(heapFile.path, earlierCommits)));
        document.put("advice", advice);
        return document;
    }
}
