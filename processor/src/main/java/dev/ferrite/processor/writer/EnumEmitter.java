package dev.ferrite.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.FieldType;
import java.util.List;

/** Enums as a 4-byte code: {@code 0} for {@code null}, else ordinal + 1. */
final class EnumEmitter extends FieldEmitter {
    private final FieldType.EnumType type;
    /** The flyweight's array of the enum's constants, shared with its other fields of this enum. */
    private final String constants;

    EnumEmitter(Slot slot, ClassName struct, FieldType.EnumType type, String constants) {
        super(slot, struct);
        this.type = type;
        this.constants = constants;
    }

    @Override
    TypeName javaType() {
        return Names.className(type.type());
    }

    @Override
    CodeBlock elementLayout() {
        return CodeBlock.of("$T.INT", Runtime.LITTLE_ENDIAN);
    }

    @Override
    CodeBlock read(CodeBlock relative) {
        return CodeBlock.of("enumOf($Z$N,$W$L,$W$S)", constants, readValue("INT", relative), field.name());
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
    List<CodeBlock> descriptorDetails() {
        CodeBlock constants = type.constants().stream()
                .map(name -> CodeBlock.of("$S", name))
                .collect(CodeBlock.joining(",$W"));
        return List.of(CodeBlock.of(".target($S)", type.binaryName()),
                CodeBlock.of(".constants($T.of($L))", Runtime.LIST, constants));
    }
}
