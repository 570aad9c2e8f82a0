package dev.ferrite.cli;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.HeapInfo;
import dev.ferrite.runtime.StoredRecord;
import dev.ferrite.runtime.StoredRoot;
import dev.ferrite.runtime.json.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferrite dump}: the roots and every struct record of a heap, fields decoded through the
 * heap's catalog (no application classes), as text or JSON. Sorted maps and lists are dumped with
 * their entries under the root or the collection field that holds them.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Prints a heap's roots and records with their fields, decoded from the heap's own catalog;"
                + " sorted maps and lists with their entries, under the root or field that holds them.")
final class DumpCommand implements Callable<Integer> {
    @Mixin
    HeapFile heapFile;

    @Option(names = "--json", description = "Print one JSON document instead of text.")
    boolean json;

    @Option(names = "--limit", paramLabel = "N",
            description = "Print at most N entries of each sorted map or list (default: all).")
    long limit = Long.MAX_VALUE;

    @Option(names = "--root", paramLabel = "NAME",
            description = "Print only this root and the record it names; may be repeated.")
    List<String> rootNames = new ArrayList<>();

    @Option(names = "--type", paramLabel = "NAME",
            description = "Print only records (and roots) of this schema name, or of the one stored type whose"
                    + " name ends with .NAME, or ferrite.SortedMap or ferrite.List for roots that are collections;"
                    + " may be repeated.")
    List<String> typeNames = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--limit must be 0 or more, not " + limit);
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Heap heap = heapFile.open(false)) {
            List<HeapInfo.StoredType> types = heap.info().types();
            RecordDecoder decoder = new RecordDecoder(heap, types);
            List<String> selectedTypes = selectedTypes(types);
            List<StoredRoot> roots = selectedRoots(heap, selectedTypes);
            Set<Long> rootOffsets = new HashSet<>();
            roots.forEach(root -> rootOffsets.add(root.offset()));
            Selection selection = record -> (rootNames.isEmpty() || rootOffsets.contains(record.offset()))
                    && (selectedTypes.isEmpty() || selectedTypes.contains(record.schemaName()));
            ProgressBar bar = ProgressBar.whileOutputIsRedirected(spec.commandLine().getErr(), "dumping");
            long total = types.stream().mapToLong(HeapInfo.StoredType::records).sum();
            long[] visited = {0};
            Selection counted = record -> {
                bar.update(++visited[0], total);
                return selection.includes(record);
            };
            if (json) {
                json(out, heap, decoder, roots, counted);
            } else {
                text(out, heap, decoder, roots, counted);
            }
            bar.finish();
        }
        return FerriteCommand.OK;
    }

    /** Which records the filters let through. */
    private interface Selection {
        boolean includes(StoredRecord record);
    }

    /**
     * The schema names {@code --type} selects: each name as given if the heap stores a type of that
     * name (or it names the collection roots), else the one stored type whose name ends with it
     * after a dot, so that {@code --type Ledger} finds {@code com.example.Ledger}.
     */
    private List<String> selectedTypes(List<HeapInfo.StoredType> types) {
        List<String> stored = types.stream().map(HeapInfo.StoredType::schemaName).toList();
        List<String> selected = new ArrayList<>();
        for (String name : typeNames) {
            if (stored.contains(name) || name.equals(CollectionEntries.MAP) || name.equals(CollectionEntries.LIST)) {
                selected.add(name);
                continue;
            }
            List<String> matches = stored.stream().filter(schema -> schema.endsWith("." + name)).toList();
            if (matches.size() == 1) {
                selected.add(matches.getFirst());
                continue;
            }
            String why = matches.isEmpty() ? "the heap stores no type called \"" + name + "\""
                    : "\"" + name + "\" could be any of " + matches;
            throw new CommandLine.ParameterException(spec.commandLine(), "--type " + name + ": " + why
                    + "; its types are " + stored + ", and collection roots are " + CollectionEntries.MAP + " and "
                    + CollectionEntries.LIST);
        }
        return selected;
    }

    /** The roots {@code --root} and {@code --type} select. */
    private List<StoredRoot> selectedRoots(Heap heap, List<String> selectedTypes) {
        List<StoredRoot> all = StoredRoot.of(heap);
        for (String name : rootNames) {
            if (all.stream().noneMatch(root -> root.name().equals(name))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--root " + name + ": the heap has no root"
                        + " called \"" + name + "\"; its roots are " + all.stream().map(StoredRoot::name).toList());
            }
        }
        return all.stream()
                .filter(root -> rootNames.isEmpty() || rootNames.contains(root.name()))
                .filter(root -> selectedTypes.isEmpty() || selectedTypes.contains(root.typeName()))
                .toList();
    }

    /**
     * Streams the document root by root, entry by entry and record by record, so that a heap with
     * many records is never held in memory; the layout is what {@link Json#write(Object, String)}
     * gives the same values. A record's collection fields are gathered with the record, up to
     * {@code --limit} entries each.
     */
    private void json(PrintWriter out, Heap heap, RecordDecoder decoder, List<StoredRoot> roots, Selection selection) {
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
            if (!selection.includes(record)) {
                return;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("offset", record.offset());
            entry.put("type", record.schemaName());
            entry.put("version", (long) record.version());
            entry.put("fields", RecordDecoder.forJson(decoder.decode(record), collection -> jsonField(heap, collection)));
            out.print((first[0] ? "\n    " : ",\n    ") + Json.write(entry, "    "));
            first[0] = false;
        });
        out.println(first[0] ? "]\n}" : "\n  ]\n}");
    }

    /** A collection field in JSON: its handle, size and entries (at most {@code --limit}). */
    private Object jsonField(Heap heap, RecordDecoder.Collection field) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("handle", field.handle());
        CollectionEntries.of(heap, field.handle()).ifPresentOrElse(collection -> {
            value.put("size", collection.size());
            List<Object> entries = new ArrayList<>();
            for (Map.Entry<Object, Object> entry : collection.entries(limit)) {
                entries.add(jsonEntry(collection, entry));
            }
            value.put("entries", entries);
        }, () -> value.put("entries", "<no sorted map or list at offset " + field.handle() + ">"));
        return value;
    }

    private static Map<String, Object> jsonEntry(CollectionEntries collection, Map.Entry<Object, Object> entry) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put(collection.keyName(), entry.getKey());
        value.put("value", RecordDecoder.forJson(entry.getValue(), nested -> nested.handle()));
        return value;
    }

    private void jsonRoot(PrintWriter out, Heap heap, StoredRoot root) {
        out.print("{\n      \"name\": " + Json.quote(root.name()) + ",\n      \"type\": " + Json.quote(root.typeName())
                + ",\n      \"offset\": " + root.offset());
        CollectionEntries.of(heap, root.offset()).ifPresent(collection -> {
            out.print(",\n      \"size\": " + collection.size() + ",\n      \"entries\": ");
            String separator = "[\n        ";
            for (Map.Entry<Object, Object> entry : collection.entries(limit)) {
                out.print(separator + Json.write(jsonEntry(collection, entry), "        "));
                separator = ",\n        ";
            }
            out.print(separator.startsWith("[") ? "[]" : "\n      ]");
        });
        out.print("\n    }");
    }

    private void text(PrintWriter out, Heap heap, RecordDecoder decoder, List<StoredRoot> roots, Selection selection) {
        out.printf("roots     %d%n", roots.size());
        for (StoredRoot root : roots) {
            out.printf("  %s -> %s @%d%n", root.name(), root.typeName(), root.offset());
            CollectionEntries.of(heap, root.offset()).ifPresent(collection -> textEntries(out, collection, "    "));
        }
        out.println("records");
        heap.forEachRecord((StoredRecord record) -> {
            if (!selection.includes(record)) {
                return;
            }
            out.printf("  %s @%d v%d%n", record.schemaName(), record.offset(), record.version());
            decoder.decode(record).forEach((name, value) -> {
                if (value instanceof RecordDecoder.Collection field) {
                    textField(out, heap, name, field);
                } else {
                    out.printf("    %s = %s%n", name, RecordText.of(value));
                }
            });
        });
    }

    /** A collection field: a line saying what it holds, then its entries indented under it. */
    private void textField(PrintWriter out, Heap heap, String name, RecordDecoder.Collection field) {
        CollectionEntries.of(heap, field.handle()).ifPresentOrElse(collection -> {
            out.printf("    %s = %s%n", name, collection.summary());
            textEntries(out, collection, "      ");
        }, () -> out.printf("    %s = <no sorted map or list at offset %d>%n", name, field.handle()));
    }

    private void textEntries(PrintWriter out, CollectionEntries collection, String indent) {
        long printed = 0;
        for (Map.Entry<Object, Object> entry : collection.entries(limit)) {
            out.print(indent + RecordText.of(entry.getKey()) + " = " + RecordText.of(entry.getValue())
                    + System.lineSeparator());
            printed++;
        }
        long more = collection.size() - printed;
        if (more > 0) {
            out.print(indent + "... " + more + " more" + System.lineSeparator());
        }
    }
}
