package dev.ferrite.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.FieldModel;
import dev.ferrite.processor.model.FieldType;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits the members of one field: its accessors, its part of {@code LAYOUT}, {@code TYPE} and
 * {@code toString()}. The shape common to all fields (arrays, {@code @Since}, dirty marking,
 * chaining) lives here; each subclass knows how one element of its kind is read and written.
 */
abstract class FieldEmitter {
    protected final Slot slot;
    protected final FieldModel field;
    protected final ClassName struct;

    FieldEmitter(Slot slot, ClassName struct) {
        this.slot = slot;
        this.field = slot.field();
        this.struct = struct;
    }

    /** The emitter for {@code slot}'s kind of field. */
    static FieldEmitter of(Slot slot, ClassName struct, ClassName flyweight, EnumConstants enumConstants) {
        return switch (slot.field().type()) {
            case FieldType.Primitive primitive -> new PrimitiveEmitter(slot, struct, primitive.kind());
            case FieldType.EnumType enumType ->
                    new EnumEmitter(slot, struct, enumType, enumConstants.nameOf(enumType));
            case FieldType.FixedString fixed -> new FixedStringEmitter(slot, struct, fixed.maxBytes());
            case FieldType.HeapString ignored -> new HeapStringEmitter(slot, struct);
            case FieldType.Reference reference -> new ReferenceEmitter(slot, struct, flyweight, reference);
            case FieldType.Inline inline -> new InlineEmitter(slot, struct, inline);
            case FieldType.SortedMap map -> new CollectionEmitter(slot, struct, map);
            case FieldType.ListOf list -> new CollectionEmitter(slot, struct, list);
        };
    }

    /** The Java type of one element. */
    abstract TypeName javaType();

    /** The unnamed memory layout of one element. */
    abstract CodeBlock elementLayout();

    /** An expression reading the element at {@code relative}, an offset from the record's start. */
    abstract CodeBlock read(CodeBlock relative);

    /**
     * Statements writing {@code value} to the element at {@code relative} and marking exactly the
     * bytes written dirty.
     */
    abstract CodeBlock write(CodeBlock relative);

    /** The value a getter returns for a record older than the field. */
    abstract CodeBlock defaultValue();

    /** The runtime's {@code FieldKind} constant. */
    String kindName() {
        return field.type().kindName();
    }

    /** Private fields the accessors need. */
    List<FieldSpec> members() {
        return List.of();
    }

    /**
     * Calls after {@code FieldDescriptor.of(...)} that complete the descriptor, e.g. {@code
     * .target(...)}, one a line.
     */
    List<CodeBlock> descriptorDetails() {
        return List.of();
    }

    /** How {@code toString()} shows the element at {@code relative}, whose value is {@code value}. */
    CodeBlock describe(CodeBlock value, CodeBlock relative) {
        return value;
    }

    /** Whether a setter can exist for this kind of field. */
    boolean writable() {
        return true;
    }

    final String offsetConstant() {
        return Names.offsetConstant(field.name());
    }

    /**
     * The element's offset from the record's start. The index is not checked here: accessors
     * check it once, first, and {@code toString()} loops within the bounds.
     */
    final CodeBlock relative(String index) {
        if (!field.isArray()) {
            return CodeBlock.of("$N", offsetConstant());
        }
        return CodeBlock.of("$N + $LL * $N", offsetConstant(), slot.elementSize(), index);
    }

    /** The statement an array accessor starts with: its one check of the index. */
    private CodeBlock checkIndex() {
        return CodeBlock.builder()
                .addStatement("checkIndex(index, $L, $S)", field.arrayLength(), field.name())
                .build();
    }

    final FieldSpec offsetField() {
        return FieldSpec.builder(TypeName.LONG, offsetConstant(), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Offset of {@code $L} from the start of a record.\n", field.name())
                .initializer("$LL", slot.offset())
                .build();
    }

    /** This field's entry in {@code LAYOUT}. */
    final CodeBlock layout() {
        CodeBlock element = elementLayout();
        if (field.isArray()) {
            element = CodeBlock.of("$T.sequenceLayout($L,$W$L)", Runtime.MEMORY_LAYOUT, field.arrayLength(), element);
        }
        return CodeBlock.of("$L$Z.withName($S)", element, field.name());
    }

    /** This field's entry in {@code TYPE}'s field list. */
    final CodeBlock descriptor() {
        CodeBlock.Builder code = CodeBlock.builder().add("$T.of($S,$W$T.$L,$W$N,$W$LL)",
                Runtime.FIELD_DESCRIPTOR, field.name(), Runtime.FIELD_KIND, kindName(), offsetConstant(),
                slot.elementSize());
        if (field.isArray()) {
            code.add("$Z.array($L)", field.arrayLength());
        }
        if (field.since() > 1) {
            code.add("$Z.since($L)", field.since());
        }
        for (CodeBlock call : descriptorDetails()) {
            code.add("\n$>$>$L$<$<", call);
        }
        return code.build();
    }

    /** {@code @Override}, and {@code @Deprecated} where the interface deprecates the field. */
    private List<AnnotationSpec> overrideAnnotations() {
        return field.deprecated()
                ? List.of(AnnotationSpec.builder(Override.class).build(), AnnotationSpec.builder(Deprecated.class).build())
                : List.of(AnnotationSpec.builder(Override.class).build());
    }

    final MethodSpec getter() {
        MethodSpec.Builder method = MethodSpec.methodBuilder(field.getter())
                .addAnnotations(overrideAnnotations())
                .addModifiers(Modifier.PUBLIC)
                .returns(javaType());
        if (field.isArray()) {
            method.addParameter(TypeName.INT, "index").addCode(checkIndex());
        }
        CodeBlock.Builder body = CodeBlock.builder();
        if (field.since() > 1 && writable()) {
            body.beginControlFlow("if (recordVersion() < $L)", field.since())
                    .add("// written before version $L added this field\n", field.since())
                    .addStatement("return $L", defaultValue())
                    .endControlFlow();
        }
        body.addStatement("return $L", read(relative("index")));
        return method.addCode(namingTheHeap(body.build())).build();
    }

    /**
     * {@code body}, after {@code checkLive()}, with its {@link IllegalStateException}s passed
     * through {@code accessFailure}: the mapping of a closed heap throws a bare "Already closed",
     * which the heap turns into a message naming itself. The handler costs nothing until it runs;
     * the check reads the record's header, which tells a freed record from a live one.
     */
    static CodeBlock namingTheHeap(CodeBlock body) {
        return CodeBlock.builder()
                .beginControlFlow("try")
                .addStatement("checkLive()")
                .add(body)
                .nextControlFlow("catch ($T e)", IllegalStateException.class)
                .addStatement("throw accessFailure(e)")
                .endControlFlow()
                .build();
    }

    final MethodSpec setter() {
        boolean chained = field.chainedSetter();
        MethodSpec.Builder method = MethodSpec.methodBuilder(field.setter().orElseThrow())
                .addAnnotations(overrideAnnotations())
                .addModifiers(Modifier.PUBLIC)
                .returns(chained ? struct : TypeName.VOID);
        if (field.isArray()) {
            method.addParameter(TypeName.INT, "index");
        }
        method.addParameter(javaType(), "value");
        if (field.isArray()) {
            method.addCode(checkIndex());
        }
        CodeBlock.Builder body = CodeBlock.builder().add(write(relative("index")));
        if (field.since() > 1) {
            body.addStatement("upgradeTo($L)", field.since());
        }
        method.addCode(namingTheHeap(body.build()));
        if (chained) {
            method.addStatement("return this");
        }
        return method.build();
    }

    /** Statements appending {@code name=value} to the {@code StringBuilder out}. */
    final CodeBlock toStringPart(boolean first) {
        String label = (first ? "" : ", ") + field.name() + "=";
        if (!field.isArray()) {
            return CodeBlock.builder()
                    .addStatement("out.append($S)$Z.append($L)", label,
                            describe(CodeBlock.of("$N()", field.getter()), relative("index")))
                    .build();
        }
        // The loop stays within the bounds, so elements are read as the getter does but without its index check.
        CodeBlock relative = relative("i");
        CodeBlock element = read(relative);
        if (field.since() > 1 && writable()) {
            element = CodeBlock.of("recordVersion() < $L ? $L :$W$L", field.since(), defaultValue(), element);
        }
        return CodeBlock.builder()
                .addStatement("out.append($S)", label + "[")
                .beginControlFlow("for (int i = 0; i < $L; i++)", field.arrayLength())
                .addStatement("out.append(i == 0 ? $S : $S)$Z.append($L)", "", ", ", describe(element, relative))
                .endControlFlow()
                .addStatement("out.append(']')")
                .build();
    }

    /** Statements that write through a simple value layout and mark its bytes dirty. */
    static CodeBlock writeValue(String layout, CodeBlock relative, CodeBlock value, long bytes) {
        return CodeBlock.builder()
                .addStatement("long at = base + $L", relative)
                .addStatement("segment.set($T.$L,$Wat,$W$L)", Runtime.LITTLE_ENDIAN, layout, value)
                .addStatement("store.markDirty(at, $LL)", bytes)
                .build();
    }

    /** An expression reading through a simple value layout. */
    static CodeBlock readValue(String layout, CodeBlock relative) {
        return CodeBlock.of("segment.get($T.$L,$Wbase + $L)", Runtime.LITTLE_ENDIAN, layout, relative);
    }
}
