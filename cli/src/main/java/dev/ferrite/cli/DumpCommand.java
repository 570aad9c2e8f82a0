package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapInfo;
import dev.ferrite.runtime.StoredRecord;
import dev.ferrite.runtime.StoredRoot;
import dev.ferrite.runtime.schema.document.Json;
import java.io.PrintWriter;
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
 * {@code ferrite dump}: the roots and every struct record of a heap, fields decoded through the
 * heap's catalog (no application classes), as text or JSON. Roots that are collections of {@code
 * long}s are dumped with their entries.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Prints a heap's roots and records with their fields, decoded from the heap's own catalog.")
final class DumpCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Heap heap = heapFile.open(false)) {
            List<HeapInfo.StoredType> types = heap.info().types();
            RecordDecoder decoder = new RecordDecoder(heap, types);
            List<StoredRoot> roots = StoredRoot.of(heap);
            if (json) {
                json(out, heap, decoder, roots);
            } else {
                text(out, heap, decoder, roots);
            }
        }
        return FerriteCommand.OK;
    }

    /** Streams the document record by record, so that a large heap is never held in memory as values. */
    private void json(PrintWriter out, Heap heap, RecordDecoder decoder, List<StoredRoot> roots) {
        out.print("{\n  \"heap\": " + Json.quote(heapFile.path.toString()) + ",\n  \"roots\": ");
        out.print(Json.write(rootList(heap, roots), "  "));
        out.print(",\n  \"records\": [");
        boolean[] first = {true};
        heap.forEachRecord(record -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("offset", record.offset());
            entry.put("type", record.schemaName());
            entry.put("version", (long) record.version());
            entry.put("fields", RecordDecoder.forJson(decoder.decode(record)));
            out.print((first[0] ? "\n    " : ",\n    ") + Json.write(entry, "    "));
            first[0] = false;
        });
        out.println(first[0] ? "]\n}" : "\n  ]\n}");
    }

    private static List<Object> rootList(Heap heap, List<StoredRoot> roots) {
        List<Object> rootList = new ArrayList<>();
        for (StoredRoot root : roots) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", root.name());
            entry.put("type", root.typeName());
            entry.put("offset", root.offset());
            CollectionEntries.of(heap, root.typeName(), root.offset()).ifPresent(entries -> entry.put("entries", entries));
            rootList.add(entry);
        }
        return rootList;
    }

    private static void text(PrintWriter out, Heap heap, RecordDecoder decoder, List<StoredRoot> roots) {
        out.printf("roots     %d%n", roots.size());
        for (StoredRoot root : roots) {
            out.printf("  %s -> %s @%d%n", root.name(), root.typeName(), root.offset());
            CollectionEntries.of(heap, root.typeName(), root.offset()).ifPresent(entries -> entries.forEach(
                    entry -> out.printf("    %s = %s%n", RecordText.of(entry.values().iterator().next()),
                            RecordText.of(entry.get("value")))));
        }
        out.println("records");
        heap.forEachRecord((StoredRecord record) -> {
            out.printf("  %s @%d v%d%n", record.schemaName(), record.offset(), record.version());
            decoder.decode(record).forEach((name, value) -> out.printf("    %s = %s%n", name, RecordText.of(value)));
        });
    }
}
