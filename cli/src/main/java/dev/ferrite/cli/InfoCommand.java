package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapInfo;
import dev.ferrite.runtime.HeapOptions;
import dev.ferrite.runtime.HeapSpace;
import dev.ferrite.runtime.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ferrite info}: space, roots and stored types of a heap. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Prints a heap's space, roots and stored types with their record counts.")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Heap heap = heapFile.open(false)) {
            HeapInfo info = heap.info();
            HeapSpace space = heap.space();
            List<Long> versions = heap.versions();
            if (json) {
                out.print(Json.write(document(info, space, versions)));
                return FerriteCommand.OK;
            }
            out.printf("heap      %s%n", info.path());
            out.printf("commit    %d%n", versions.isEmpty() ? 0 : versions.getLast());
            out.printf("capacity  %s%n", capacity(info.capacity()));
            out.printf("size      %,d bytes (grows as records need%s)%n", info.size(),
                    info.capacity() == HeapOptions.UNBOUNDED ? "" : ", up to the capacity");
            out.printf("used      %,d bytes in %,d blocks (extent %,d bytes)%n",
                    info.allocatedBytes(), info.allocatedBlocks(), info.extent());
            out.printf("file      %,d bytes, %,d on disk (logs %,d more)%n",
                    space.fileSize(), space.diskUsage(), space.logDiskUsage());
            out.printf("live      %,d bytes%n", space.liveBytes());
            out.printf("free      %,d bytes (%,d in whole pages)%n", space.freeBytes(), space.freePageBytes());
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

    /** A heap's capacity as text: its bound in bytes, or that it has none. */
    static String capacity(long bytes) {
        return bytes == HeapOptions.UNBOUNDED ? "unbounded" : String.format("%,d bytes", bytes);
    }

    /** The same facts as the text, under the names of {@link HeapInfo}'s components. */
    private static Map<String, Object> document(HeapInfo info, HeapSpace space, List<Long> versions) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("heap", info.path().toString());
        document.put("commit", versions.isEmpty() ? 0L : versions.getLast());
        document.put("versions", versions);
        // null: no bound; the heap grows as far as its file system allows.
        document.put("capacity", info.capacity() == HeapOptions.UNBOUNDED ? null : info.capacity());
        document.put("size", info.size());
        document.put("allocatedBytes", info.allocatedBytes());
        document.put("allocatedBlocks", info.allocatedBlocks());
        document.put("extent", info.extent());
        Map<String, Object> disk = new LinkedHashMap<>();
        disk.put("fileSize", space.fileSize());
        disk.put("diskUsage", space.diskUsage());
        disk.put("logDiskUsage", space.logDiskUsage());
        disk.put("liveBytes", space.liveBytes());
        disk.put("freeBytes", space.freeBytes());
        disk.put("freePageBytes", space.freePageBytes());
        document.put("space", disk);
        document.put("roots", List.copyOf(new TreeSet<>(info.roots())));
        List<Object> types = new ArrayList<>();
        for (HeapInfo.StoredType type : info.types()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("schemaName", type.schemaName());
            entry.put("version", (long) type.version());
            entry.put("typeId", (long) type.typeId());
            entry.put("size", type.size());
            entry.put("fields", (long) type.fields().size());
            entry.put("records", type.records());
            types.add(entry);
        }
        document.put("types", types);
        return document;
    }
}
