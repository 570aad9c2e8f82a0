package dev.ferrite.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.FieldType;
import java.util.List;

/** A reference to another record: an 8-byte offset, {@code 0} for {@code null}. */
final class ReferenceEmitter extends FieldEmitter {
    private final FieldType.Reference reference;
    private final CodeBlock targetType;

    ReferenceEmitter(Slot slot, ClassName struct, ClassName flyweight, FieldType.Reference reference) {
        super(slot, struct);
        this.reference = reference;
        ClassName targetFlyweight = Names.className(reference.target().flyweight());
        this.targetType = targetFlyweight.equals(flyweight)
                ? CodeBlock.of("TYPE")
                : CodeBlock.of("$T.TYPE", targetFlyweight);
    }

    @Override
    TypeName javaType() {
        return Names.className(reference.target());
    }

    @Override
    CodeBlock elementLayout() {
        return CodeBlock.of("$T.LONG", Runtime.LITTLE_ENDIAN);
    }

    @Override
    CodeBlock read(CodeBlock relative) {
        return CodeBlock.of("store.dereference($Z$L,$W$L)", readValue("LONG", relative), targetType);
    }

    @Override
    CodeBlock write(CodeBlock relative) {
        return writeValue("LONG", relative,
                CodeBlock.of("store.referenceTo(value,$W$L)", targetType), 8);
    }

    @Override
    CodeBlock defaultValue() {
        return CodeBlock.of("null");
    }

    @Override
    List<CodeBlock> descriptorDetails() {
        return List.of(CodeBlock.of(".target($S)", reference.schemaName()));
    }

    @Override
    CodeBlock describe(CodeBlock getterCall, CodeBlock relative) {
        // The offset, not the target's fields: references may form cycles.
        return CodeBlock.of("referenceText($Z$L)", readValue("LONG", relative));
    }
}
