package dev.ferrite.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.ferrite.processor.layout.Slot;

/** A heap-allocated {@code String}: an 8-byte reference that the store resolves and replaces. */
final class HeapStringEmitter extends FieldEmitter {

    HeapStringEmitter(Slot slot, ClassName struct) {
        super(slot, struct);
    }

    @Override
    TypeName javaType() {
        return ClassName.get(String.class);
    }

    @Override
    CodeBlock elementLayout() {
        return CodeBlock.of("$T.LONG", Runtime.LITTLE_ENDIAN);
    }

    @Override
    CodeBlock read(CodeBlock relative) {
        return CodeBlock.of("store.readString($Z$L)", readValue("LONG", relative));
    }

    @Override
    CodeBlock write(CodeBlock relative) {
        return CodeBlock.builder()
                .addStatement("long at = base + $L", relative)
                .addStatement("segment.set($T.LONG,$Wat,$Wstore.replaceString(segment.get($T.LONG, at), value))",
                        Runtime.LITTLE_ENDIAN, Runtime.LITTLE_ENDIAN)
                .addStatement("store.markDirty(at, 8L)")
                .build();
    }

    @Override
    CodeBlock defaultValue() {
        return CodeBlock.of("null");
    }
}
