package dev.ferrite.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.FieldType;
import java.util.List;
import javax.lang.model.element.Modifier;

/** Enums as a 4-byte code: {@code 0} for {@code null}, else ordinal + 1. */
final class EnumEmitter extends FieldEmitter {
    private final FieldType.EnumType type;

    EnumEmitter(Slot slot, ClassName struct, FieldType.EnumType type) {
        super(slot, struct);
        this.type = type;
    }

    private String constantsField() {
        return Names.constantCase(field.name()) + "_CONSTANTS";
    }

    @Override
    TypeName javaType() {
        return Names.className(type.type());
    }

    @Override
    List<FieldSpec> members() {
        // values() clones the array on every call; decoding must not allocate.
        return List.of(FieldSpec.builder(ArrayTypeName.of(javaType()), constantsField(),
                        Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.values()", javaType())
                .build());
    }

    @Override
    CodeBlock elementLayout() {
        return CodeBlock.of("$T.INT", Runtime.LITTLE_ENDIAN);
    }

    @Override
    CodeBlock read(CodeBlock relative) {
        return CodeBlock.of("enumOf($N, $L, $S)", constantsField(), readValue("INT", relative), field.name());
    }

    @Override
    CodeBlock write(CodeBlock relative) {
        return writeValue("INT", relative, CodeBlock.of("enumCode(value)"), 4);
    }

    @Override
    CodeBlock defaultValue() {
        return CodeBlock.of("null");
    }

    @Override
    CodeBlock descriptorDetails() {
        CodeBlock constants = type.constants().stream()
                .map(name -> CodeBlock.of("$S", name))
                .collect(CodeBlock.joining(", "));
        return CodeBlock.of(".target($S).constants($T.of($L))", type.binaryName(), Runtime.LIST, constants);
    }
}
