package dev.ferrite.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.CollectionElement;
import dev.ferrite.processor.model.FieldType;
import java.util.List;
import java.util.UUID;

/**
 * A sorted map or list field: the 8-byte handle of a collection the record owns. The getter asks
 * the runtime's {@code CollectionFields} for the collection, which creates it on first use and
 * takes care of records older than the field; there is no setter. {@code toString()} shows the
 * handle, since the getter may write.
 */
final class CollectionEmitter extends FieldEmitter {
    private final CollectionElement keys;
    private final CollectionElement values;

    CollectionEmitter(Slot slot, ClassName struct, FieldType.SortedMap map) {
        super(slot, struct);
        this.keys = map.keys();
        this.values = map.values();
    }

    CollectionEmitter(Slot slot, ClassName struct, FieldType.ListOf list) {
        super(slot, struct);
        this.keys = null;
        this.values = list.elements();
    }

    @Override
    TypeName javaType() {
        return keys == null
                ? ParameterizedTypeName.get(Runtime.PERSISTENT_LIST, javaType(values))
                : ParameterizedTypeName.get(Runtime.PERSISTENT_SORTED_MAP, javaType(keys), javaType(values));
    }

    @Override
    CodeBlock elementLayout() {
        return CodeBlock.of("$T.LONG", Runtime.LITTLE_ENDIAN);
    }

    @Override
    CodeBlock read(CodeBlock relative) {
        if (keys == null) {
            return CodeBlock.of("$T.list(this,$W$S,$W$L,$W$L,$W$L)", Runtime.COLLECTION_FIELDS, field.name(), relative,
                    field.since(), valueType(values));
        }
        return CodeBlock.of("$T.sortedMap(this,$W$S,$W$L,$W$L,$W$L,$W$L)", Runtime.COLLECTION_FIELDS, field.name(),
                relative, field.since(), keyType(keys), valueType(values));
    }

    @Override
    CodeBlock write(CodeBlock relative) {
        throw new UnsupportedOperationException("collection fields have no setter");
    }

    @Override
    boolean writable() {
        return false;
    }

    @Override
    CodeBlock defaultValue() {
        throw new UnsupportedOperationException("collection fields are created at any version");
    }

    @Override
    List<CodeBlock> descriptorDetails() {
        CodeBlock collection = CodeBlock.of(".collection($S, $S)", keys == null ? "" : keys.schemaText(),
                values.schemaText());
        return values.isStruct()
                ? List.of(collection, CodeBlock.of(".target($S)", values.name()))
                : List.of(collection);
    }

    @Override
    CodeBlock describe(CodeBlock getterCall, CodeBlock relative) {
        return CodeBlock.of("referenceText($Z$L)", readValue("LONG", relative));
    }

    private static TypeName javaType(CollectionElement element) {
        return switch (element.kind()) {
            case LONG -> ClassName.get(Long.class);
            case INT -> ClassName.get(Integer.class);
            case STRING -> ClassName.get(String.class);
            case UUID -> ClassName.get(UUID.class);
            case BYTES -> ArrayTypeName.of(TypeName.BYTE);
            case DOUBLE -> ClassName.get(Double.class);
            case ENUM, REFERENCE, STRUCT -> Names.className(element.type());
        };
    }

    private static CodeBlock keyType(CollectionElement keys) {
        return keys.kind() == CollectionElement.Kind.ENUM
                ? CodeBlock.of("$T.enumType($T.class)", Runtime.KEY_TYPE, Names.className(keys.type()))
                : CodeBlock.of("$T.$L", Runtime.KEY_TYPE, keys.kind().name());
    }

    private static CodeBlock valueType(CollectionElement values) {
        return switch (values.kind()) {
            case REFERENCE -> CodeBlock.of("$T.reference($T.class)", Runtime.VALUE_TYPE, Names.className(values.type()));
            case STRUCT -> CodeBlock.of("$T.struct($T.class)", Runtime.VALUE_TYPE, Names.className(values.type()));
            default -> CodeBlock.of("$T.$L", Runtime.VALUE_TYPE, values.kind().name());
        };
    }
}
