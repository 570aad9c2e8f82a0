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
    private ClassDoc() {}

    static CodeBlock of(RecordLayout layout, ClassName structName) {
        StructModel struct = layout.struct();
        CodeBlock.Builder doc = CodeBlock.builder()
                .add("Flyweight over records of {@link $T}: a reusable view that reads and writes one record in\n",
                        structName)
                .add("a {@code StructStore}; {@link #wrap} re-points it without allocating. Every setter\n")
                .add("reports the bytes it wrote to the store.\n\n")
                .add("<p>Schema {@code $L}, version $L, type id {@code $L}, $L bytes per record,\n",
                        struct.schemaName(), struct.version(), TypeIds.hex(struct.typeId()), layout.size())
                .add("$L reserved after the fields of version 1. Values are little-endian.\n\n",
                        switch (struct.reserve()) {
                            case 0 -> "no bytes";
                            case 1 -> "1 byte";
                            default -> struct.reserve() + " bytes";
                        })
                .add("<table class=\"striped\">\n")
                .add("<caption>Layout of {@code $L} version $L</caption>\n", struct.schemaName(), struct.version())
                .add("<tr><th>Offset</th><th>Bytes</th><th>Field</th><th>Stored as</th><th>Since</th></tr>\n");
        for (Region region : layout.regions()) {
            switch (region) {
                case Region.Header header -> row(doc, header.offset(), header.byteSize(), "header",
                        "type id, version, flags", "");
                case Region.Field field -> row(doc, field.offset(), field.byteSize(),
                        "{@code " + field.slot().field().name() + "}", storedAs(field.slot()),
                        Integer.toString(field.slot().field().since()));
                case Region.Padding padding -> row(doc, padding.offset(), padding.byteSize(),
                        padding.name(), "unused", "");
            }
        }
        return doc.add("</table>\n").build();
    }

    private static void row(CodeBlock.Builder doc, long offset, long size, String name, String storedAs, String since) {
        doc.add("<tr><td>$L</td><td>$L</td><td>$L</td><td>$L</td><td>$L</td></tr>\n",
                offset, size, name, storedAs, since);
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
        };
        return field.isArray() ? field.arrayLength() + " &times; " + element : element;
    }
}
