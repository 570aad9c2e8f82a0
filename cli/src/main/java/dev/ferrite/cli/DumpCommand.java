package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapInfo;
import dev.ferrite.runtime.StoredRecord;
import dev.ferrite.runtime.StoredRoot;
import dev.ferrite.runtime.json.Json;
import java.io.PrintWriter;
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

    /**
     * Streams the document root by root, entry by entry and record by record, so that a large heap
     * is never held in memory; the layout is what {@link Json#write(Object, String)} gives the
     * same values.
     */
    private void json(PrintWriter out, Heap heap, RecordDecoder decoder, List<StoredRoot> roots) {
        out.print("{\n  \"heap\": " + Json.quote(heapFile.path.toString()) + ",\n  \"roots\": ");
        if (roots.isEmpty()) {
            out.print("[]");
        } else {
            String separator = "[\n    ";
            for (StoredRoot root : roots) {
                out.print(separator);
                jsonRoot(out, heap, root);
                separator = ",\n    ";
            }
            out.print("\n  ]");
        }
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

    private static void jsonRoot(PrintWriter out, Heap heap, StoredRoot root) {
        out.print("{\n      \"name\": " + Json.quote(root.name()) + ",\n      \"type\": " + Json.quote(root.typeName())
                + ",\n      \"offset\": " + root.offset());
        CollectionEntries.of(heap, root.typeName(), root.offset()).ifPresent(collection -> {
            out.print(",\n      \"entries\": ");
            String separator = "[\n        ";
            for (Map.Entry<?, ?> entry : collection.entries()) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put(collection.keyName(), entry.getKey());
                value.put("value", entry.getValue());
                out.print(separator + Json.write(value, "        "));
                separator = ",\n        ";
            }
            out.print(separator.startsWith("[") ? "[]" : "\n      ]");
        });
        out.print("\n    }");
    }

    private static void text(PrintWriter out, Heap heap, RecordDecoder decoder, List<StoredRoot> roots) {
        out.printf("roots     %d%n", roots.size());
        for (StoredRoot root : roots) {
            out.printf("  %s -> %s @%d%n", root.name(), root.typeName(), root.offset());
            CollectionEntries.of(heap, root.typeName(), root.offset()).ifPresent(collection -> {
                for (Map.Entry<?, ?> entry : collection.entries()) {
                    out.print("    " + RecordText.of(entry.getKey()) + " = " + RecordText.of(entry.getValue())
                            + System.lineSeparator());
                }
            });
        }
        out.println("records");
        heap.forEachRecord((StoredRecord record) -> {
            out.printf("  %s @%d v%d%n", record.schemaName(), record.offset(), record.version());
            decoder.decode(record).forEach((name, value) -> out.printf("    %s = %s%n", name, RecordText.of(value)));
        });
    }
}
