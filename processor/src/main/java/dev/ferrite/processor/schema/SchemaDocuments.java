package dev.ferrite.processor.schema;

import dev.ferrite.processor.layout.RecordLayout;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.FieldModel;
import dev.ferrite.processor.model.FieldType;
import dev.ferrite.processor.model.StructModel;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.struct.FieldDescriptor;
import dev.ferrite.runtime.struct.FieldKind;
import java.util.ArrayList;
import java.util.List;

/** The schema document of a computed layout: what the generated {@code TYPE} will describe at run time. */
final class SchemaDocuments {
    private SchemaDocuments() {}

    static SchemaDocument of(RecordLayout layout) {
        List<FieldDescriptor> fields = new ArrayList<>();
        for (Slot slot : layout.slots()) {
            FieldModel field = slot.field();
            String target = switch (field.type()) {
                case FieldType.EnumType enumType -> enumType.binaryName();
                case FieldType.Reference reference -> reference.schemaName();
                case FieldType.Inline inline -> inline.target().schemaName();
                case FieldType.SortedMap map -> map.values().isStruct() ? map.values().name() : "";
                case FieldType.ListOf list -> list.elements().isStruct() ? list.elements().name() : "";
                default -> "";
            };
            List<String> constants = field.type() instanceof FieldType.EnumType enumType
                    ? enumType.constants()
                    : List.of();
            FieldDescriptor descriptor = new FieldDescriptor(field.name(), FieldKind.valueOf(field.type().kindName()),
                    slot.offset(), slot.elementSize(), field.elementCount(), field.since(), target, constants);
            fields.add(switch (field.type()) {
                case FieldType.SortedMap map -> descriptor.collection(map.keys().schemaText(), map.values().schemaText());
                case FieldType.ListOf list -> descriptor.collection("", list.elements().schemaText());
                default -> descriptor;
            });
        }
        StructModel struct = layout.struct();
        return new SchemaDocument(struct.schemaName(), struct.typeId(), struct.version(), struct.reserve(),
                layout.size(), fields, struct.evolution().renames(), struct.evolution().removals());
    }
}
