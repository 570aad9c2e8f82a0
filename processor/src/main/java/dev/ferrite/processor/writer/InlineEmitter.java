package dev.ferrite.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.FieldType;
import java.util.List;

/**
 * {@code @Inline}: the target's whole record embedded. The getter returns a new view of the
 * target on every call: a view cached in the parent and re-pointed would make two results of
 * {@code corners(0)} and {@code corners(1)} the same object, and two threads reading one parent
 * would move each other's view. A view that does not escape is not allocated once the JIT inlines
 * the getter. The view is live while the record it is embedded in is: a view kept after that
 * record was freed is caught like a flyweight of the record itself. There is no setter.
 */
final class InlineEmitter extends FieldEmitter {
    private final FieldType.Inline inline;
    private final ClassName targetFlyweight;

    InlineEmitter(Slot slot, ClassName struct, FieldType.Inline inline) {
        super(slot, struct);
        this.inline = inline;
        this.targetFlyweight = Names.className(inline.target().type().flyweight());
    }

    @Override
    TypeName javaType() {
        return Names.className(inline.target().type());
    }

    @Override
    CodeBlock elementLayout() {
        return CodeBlock.of("$T.LAYOUT", targetFlyweight);
    }

    @Override
    CodeBlock read(CodeBlock relative) {
        return CodeBlock.of("embedded(new $T(), this,$Wbase + $L)", targetFlyweight, relative);
    }

    @Override
    CodeBlock write(CodeBlock relative) {
        throw new UnsupportedOperationException("inline fields have no setter");
    }

    @Override
    boolean writable() {
        return false;
    }

    @Override
    CodeBlock defaultValue() {
        throw new UnsupportedOperationException("inline fields are views at any version");
    }

    /** Statements writing the header of every embedded record of this field in a new record. */
    CodeBlock initializeStatements() {
        if (!field.isArray()) {
            return CodeBlock.builder()
                    .addStatement("$T.TYPE.initialize(store,$Wbase + $N)", targetFlyweight, offsetConstant())
                    .build();
        }
        return CodeBlock.builder()
                .beginControlFlow("for (int i = 0; i < $L; i++)", field.arrayLength())
                .addStatement("$T.TYPE.initialize(store,$Wbase + $N + $LL * i)", targetFlyweight, offsetConstant(),
                        slot.elementSize())
                .endControlFlow()
                .build();
    }

    @Override
    List<CodeBlock> descriptorDetails() {
        return List.of(CodeBlock.of(".target($S)", inline.target().schemaName()));
    }
}
