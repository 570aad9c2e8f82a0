package dev.ferrite.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.ferrite.processor.layout.Layouts;
import dev.ferrite.processor.layout.Slot;

/** {@code @FixedString}: a 2-byte length and the UTF-8 bytes, through the base class's helpers. */
final class FixedStringEmitter extends FieldEmitter {
    private final int maxBytes;

    FixedStringEmitter(Slot slot, ClassName struct, int maxBytes) {
        super(slot, struct);
        this.maxBytes = maxBytes;
    }

    @Override
    TypeName javaType() {
        return ClassName.get(String.class);
    }

    @Override
    CodeBlock elementLayout() {
        // One member a line, and the closing parenthesis on its own, so that the name given after it stands out.
        CodeBlock.Builder layout = CodeBlock.builder()
                .add("$T.structLayout(\n$>$>", Runtime.MEMORY_LAYOUT)
                .add("$T.SHORT.withName($S),\n", Runtime.LITTLE_ENDIAN, "length")
                .add("$T.sequenceLayout($L, $T.BYTE).withName($S)", Runtime.MEMORY_LAYOUT, maxBytes,
                        Runtime.LITTLE_ENDIAN, "bytes");
        long padding = slot.elementSize() - Layouts.FIXED_STRING_LENGTH_SIZE - maxBytes;
        if (padding > 0) {
            layout.add(",\n$T.paddingLayout($LL).withName($S)", Runtime.MEMORY_LAYOUT, padding, "padding");
        }
        return layout.add("$<$<\n)").build();
    }

    @Override
    CodeBlock read(CodeBlock relative) {
        return CodeBlock.of("readFixedString($L,$W$L)", relative, maxBytes);
    }

    @Override
    CodeBlock write(CodeBlock relative) {
        if (field.isArray()) {
            // The index too, so that a message names the element: it costs no allocation unless one is thrown.
            return CodeBlock.builder()
                    .addStatement("writeFixedString($L,$W$L,$Wvalue,$W$S,$Windex)", relative, maxBytes, field.name())
                    .build();
        }
        return CodeBlock.builder()
                .addStatement("writeFixedString($L,$W$L,$Wvalue,$W$S)", relative, maxBytes, field.name())
                .build();
    }

    @Override
    CodeBlock defaultValue() {
        return CodeBlock.of("$S", "");
    }
}
