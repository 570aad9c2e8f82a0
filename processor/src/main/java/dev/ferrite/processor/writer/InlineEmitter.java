package dev.ferrite.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeName;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.FieldType;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * {@code @Inline}: the target's whole record embedded. The getter re-points one cached view of
 * the target per parent flyweight, so reading it never allocates; there is no setter.
 */
final class InlineEmitter extends FieldEmitter {
    private final FieldType.Inline inline;
    private final ClassName targetFlyweight;

    InlineEmitter(Slot slot, ClassName struct, FieldType.Inline inline) {
        super(slot, struct);
        this.inline = inline;
        this.targetFlyweight = Names.className(inline.target().type().flyweight());
    }

    private String viewField() {
        return field.name() + "View";
    }

    @Override
    TypeName javaType() {
        return Names.className(inline.target().type());
    }

    @Override
    List<FieldSpec> members() {
        return List.of(FieldSpec.builder(targetFlyweight, viewField(), Modifier.PRIVATE, Modifier.FINAL)
                .addJavadoc("The view {@link #$N} re-points on every call.\n", field.getter())
                .initializer("new $T()", targetFlyweight)
                .build());
    }

    @Override
    CodeBlock elementLayout() {
        return CodeBlock.of("$T.LAYOUT", targetFlyweight);
    }

    @Override
    CodeBlock read(CodeBlock relative) {
        return CodeBlock.of("$N.wrap(store,$Wbase + $L)", viewField(), relative);
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
