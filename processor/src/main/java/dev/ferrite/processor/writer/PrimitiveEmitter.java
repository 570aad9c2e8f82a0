package dev.ferrite.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.PrimitiveKind;

/** The eight primitives, each through the little-endian value layout of its name. */
final class PrimitiveEmitter extends FieldEmitter {
    private final PrimitiveKind kind;

    PrimitiveEmitter(Slot slot, ClassName struct, PrimitiveKind kind) {
        super(slot, struct);
        this.kind = kind;
    }

    @Override
    TypeName javaType() {
        return switch (kind) {
            case BYTE -> TypeName.BYTE;
            case SHORT -> TypeName.SHORT;
            case CHAR -> TypeName.CHAR;
            case INT -> TypeName.INT;
            case LONG -> TypeName.LONG;
            case FLOAT -> TypeName.FLOAT;
            case DOUBLE -> TypeName.DOUBLE;
            case BOOLEAN -> TypeName.BOOLEAN;
        };
    }

    @Override
    CodeBlock elementLayout() {
        return CodeBlock.of("$T.$L", Runtime.LITTLE_ENDIAN, kind.name());
    }

    @Override
    CodeBlock read(CodeBlock relative) {
        return readValue(kind.name(), relative);
    }

    @Override
    CodeBlock write(CodeBlock relative) {
        return writeValue(kind.name(), relative, CodeBlock.of("value"), kind.bytes());
    }

    @Override
    CodeBlock defaultValue() {
        return switch (kind) {
            case BOOLEAN -> CodeBlock.of("false");
            case CHAR -> CodeBlock.of("'\\0'");
            case LONG -> CodeBlock.of("0L");
            case FLOAT -> CodeBlock.of("0.0f");
            case DOUBLE -> CodeBlock.of("0.0");
            case BYTE, SHORT, INT -> CodeBlock.of("0");
        };
    }
}
