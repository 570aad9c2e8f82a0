package dev.ferrite.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.ferrite.processor.layout.RecordLayout;
import dev.ferrite.processor.layout.Region;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.FieldModel;
import dev.ferrite.processor.model.FieldType;
import dev.ferrite.processor.model.StructModel;
import dev.ferrite.processor.model.TypeIds;

/** The Javadoc of a generated flyweight: what it is, and a table of the record's layout. */
final class ClassDoc {
    /** Longest line of text, without the {@code " * "} before it; generated code wraps at the same column. */
    static final int WIDTH = 100;

    private ClassDoc() {}

    static CodeBlock of(RecordLayout layout, ClassName structName) {
        StructModel struct = layout.struct();
        // The flyweight is in the struct's package, so the struct's simple names resolve in the link.
        String intro = "Flyweight over records of {@link " + String.join(".", structName.simpleNames())
                + "}: a reusable view that reads and writes one record in a {@code StructStore}; {@link #wrap}"
                + " re-points it without allocating. Every setter reports the bytes it wrote to the store.";
        CodeBlock.Builder doc = CodeBlock.builder().add("$L\n\n", wrap(intro));
        String reserved = switch (struct.reserve()) {
            case 0 -> "no bytes";
            case 1 -> "1 byte";
            default -> struct.reserve() + " bytes";
        };
        String summary = "<p>Schema {@code " + struct.schemaName() + "}, version " + struct.version()
                + ", type id {@code " + TypeIds.hex(struct.typeId()) + "}, " + layout.size() + " bytes per record, "
                + reserved + " reserved after the fields of version 1. Values are little-endian.";
        if (layout.regions().stream().anyMatch(region -> region instanceof Region.Padding padding
                && !padding.name().equals("reserve"))) {
            summary += " Padding for alignment is named {@code padding0}, {@code padding1} and so on, in offset order.";
        }
        doc.add("$L\n\n", wrap(summary))
                .add("<table class=\"striped\">\n")
                .add("$L\n", wrap("<caption>Layout of {@code " + struct.schemaName() + "} version " + struct.version()
                        + "</caption>"))
                .add("<tr><th>Offset</th><th>Bytes</th><th>Field</th><th>Stored as</th><th>Since</th></tr>\n");
        for (Region region : layout.regions()) {
            switch (region) {
                case Region.Header header -> row(doc, header.offset(), header.byteSize(), "header",
                        "type id, version, generation", "");
                case Region.Field field -> row(doc, field.offset(), field.byteSize(),
                        "{@code " + field.slot().field().name() + "}", storedAs(field.slot()),
                        Integer.toString(field.slot().field().since()));
                case Region.Padding padding -> row(doc, padding.offset(), padding.byteSize(),
                        "{@code " + padding.name() + "}", "unused", "");
            }
        }
        return doc.add("</table>\n").build();
    }

    private static void row(CodeBlock.Builder doc, long offset, long size, String name, String storedAs, String since) {
        String start = "<tr><td>" + offset + "</td><td>" + size + "</td><td>" + name + "</td>";
        String end = "<td>" + storedAs + "</td><td>" + since + "</td></tr>";
        doc.add("$L$L$L\n", start, start.length() + end.length() > WIDTH ? "\n    " : "", end);
    }

    /**
     * {@code text} broken into lines of at most {@link #WIDTH} characters, at spaces outside braces
     * so that inline tags stay whole. A word longer than a line keeps a line of its own.
     */
    static String wrap(String text) {
        StringBuilder out = new StringBuilder();
        int lineStart = 0;
        int depth = 0;
        int lastSpace = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && depth > 0) {
                depth--;
            } else if (c == ' ' && depth == 0) {
                if (i - lineStart > WIDTH && lastSpace > lineStart) {
                    out.append(text, lineStart, lastSpace).append('\n');
                    lineStart = lastSpace + 1;
                }
                lastSpace = i;
            }
        }
        if (text.length() - lineStart > WIDTH && lastSpace > lineStart) {
            out.append(text, lineStart, lastSpace).append('\n');
            lineStart = lastSpace + 1;
        }
        return out.append(text, lineStart, text.length()).toString();
    }

    private static String storedAs(Slot slot) {
        FieldModel field = slot.field();
        String element = switch (field.type()) {
            case FieldType.Primitive primitive -> primitive.kind().name().toLowerCase(java.util.Locale.ROOT);
            case FieldType.EnumType enumType -> "enum {@code " + enumType.type().simpleName() + "} code";
            case FieldType.FixedString fixed -> "UTF-8 string, at most " + fixed.maxBytes() + " bytes";
            case FieldType.HeapString ignored -> "heap string reference";
            case FieldType.Reference reference -> "reference to {@code " + reference.target().simpleName() + "}";
            case FieldType.Inline inline -> "embedded {@code " + inline.target().type().simpleName() + "}";
            case FieldType.SortedMap ignored -> "handle of its sorted map";
            case FieldType.ListOf ignored -> "handle of its list";
        };
        return field.isArray() ? field.arrayLength() + " &times; " + element : element;
    }
}
