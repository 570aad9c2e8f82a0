package dev.ferrite.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.ferrite.processor.layout.RecordLayout;
import dev.ferrite.processor.layout.Region;
import dev.ferrite.processor.layout.Slot;
import dev.ferrite.processor.model.Evolution;
import dev.ferrite.processor.model.FieldType;
import dev.ferrite.processor.model.StructModel;
import dev.ferrite.processor.model.TypeIds;
import dev.ferrite.runtime.struct.FieldChange;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/** The writer stage: turns a struct's layout into the source of its flyweight class. */
public final class FlyweightWriter {
    /** The value of {@code @Generated}: no date, so that builds are reproducible. */
    public static final String GENERATOR = "dev.ferrite.processor.FerriteProcessor";
    private static final Pattern TRAILING_SPACE = Pattern.compile("[ \t]+$", Pattern.MULTILINE);

    private final RecordLayout layout;
    private final StructModel struct;
    private final ClassName structName;
    private final ClassName flyweight;
    private final List<FieldEmitter> emitters = new ArrayList<>();
    private final EnumConstants enumConstants = new EnumConstants();

    private FlyweightWriter(RecordLayout layout) {
        this.layout = layout;
        this.struct = layout.struct();
        this.structName = Names.className(struct.type());
        this.flyweight = Names.className(struct.type().flyweight());
        for (Slot slot : layout.slots()) {
            emitters.add(FieldEmitter.of(slot, structName, flyweight, enumConstants));
        }
    }

    /** The generated source file for {@code layout}'s struct. */
    public static JavaFile write(RecordLayout layout) {
        return new FlyweightWriter(layout).javaFile();
    }

    /**
     * The text of {@code file}. JavaPoet wraps lines at 100 columns where the code allows it
     * ({@code $W}, {@code $Z}); where it wraps after a field's {@code =} it leaves a space at the
     * end of the line, which is removed here.
     */
    public static String render(JavaFile file) {
        return TRAILING_SPACE.matcher(file.toString()).replaceAll("");
    }

    private JavaFile javaFile() {
        TypeSpec.Builder type = TypeSpec.classBuilder(flyweight)
                .addJavadoc(ClassDoc.of(layout, structName))
                .addAnnotation(AnnotationSpec.builder(Runtime.GENERATED).addMember("value", "$S", GENERATOR).build())
                .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
                .addAnnotations(struct.deprecated()
                        ? List.of(AnnotationSpec.builder(Deprecated.class).build())
                        : List.of())
                .superclass(Runtime.FLYWEIGHT)
                .addSuperinterface(structName);
        type.addField(constant(TypeName.LONG, "SIZE", "Bytes per record, header and padding included.",
                CodeBlock.of("$LL", layout.size())));
        type.addField(constant(TypeName.INT, "VERSION", "The schema version of this declaration.",
                CodeBlock.of("$L", struct.version())));
        type.addField(constant(TypeName.INT, "TYPE_ID",
                CodeBlock.of("The type id in the header of every record of this struct: the CRC-32C of the schema\n"
                        + "name, as {@link $T#typeIdOf} computes it.", Runtime.STRUCT_TYPE),
                CodeBlock.of("$L", TypeIds.hex(struct.typeId()))));
        for (FieldEmitter emitter : declarationOrder()) {
            type.addField(emitter.offsetField());
        }
        type.addField(constant(Runtime.STRUCT_LAYOUT, "LAYOUT",
                "The exact layout of a record, with named fields and explicit padding.", layoutInitializer()));
        type.addField(constant(ParameterizedTypeName.get(Runtime.STRUCT_TYPE, structName), "TYPE",
                CodeBlock.of("The runtime descriptor of {@link $T}.", structName), typeInitializer()));
        enumConstants.fields().forEach(type::addField);
        for (FieldEmitter emitter : emitters) {
            emitter.members().forEach(type::addField);
        }
        type.addMethod(MethodSpec.constructorBuilder()
                .addJavadoc("An unbound flyweight; {@link #wrap} points it at a record.\n")
                .addModifiers(Modifier.PUBLIC)
                .build());
        type.addMethod(MethodSpec.methodBuilder("wrap")
                .addJavadoc("Points this flyweight at the record at {@code offset} of {@code store}, without"
                        + " allocating.\n\n"
                        + "@param store the store that owns the record\n"
                        + "@param offset the offset of the record's header in the store\n"
                        + "@return this flyweight\n"
                        + "@throws IndexOutOfBoundsException if the record does not fit in the store\n")
                .addModifiers(Modifier.PUBLIC)
                .returns(flyweight)
                .addParameter(Runtime.STRUCT_STORE, "store")
                .addParameter(TypeName.LONG, "offset")
                .addStatement("rebind(store, offset)")
                .addStatement("return this")
                .build());
        type.addMethod(MethodSpec.methodBuilder("structType")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(ParameterizedTypeName.get(Runtime.STRUCT_TYPE, structName))
                .addStatement("return TYPE")
                .build());
        if (emitters.stream().anyMatch(InlineEmitter.class::isInstance)) {
            type.addMethod(initializeEmbeddedMethod());
        }
        for (FieldEmitter emitter : declarationOrder()) {
            type.addMethod(emitter.getter());
            if (emitter.field.setter().isPresent()) {
                type.addMethod(emitter.setter());
            }
        }
        type.addMethod(toStringMethod());
        return JavaFile.builder(flyweight.packageName(), type.build())
                .indent("    ")
                .skipJavaLangImports(true)
                .build();
    }

    /** Emitters in the order the interface declares its fields, which readers of the source expect. */
    private List<FieldEmitter> declarationOrder() {
        List<FieldEmitter> ordered = new ArrayList<>();
        for (var field : struct.fields()) {
            for (FieldEmitter emitter : emitters) {
                if (emitter.field.equals(field)) {
                    ordered.add(emitter);
                }
            }
        }
        return ordered;
    }

    private static FieldSpec constant(TypeName type, String name, String doc, CodeBlock initializer) {
        return constant(type, name, CodeBlock.of("$L", doc), initializer);
    }

    private static FieldSpec constant(TypeName type, String name, CodeBlock doc, CodeBlock initializer) {
        return FieldSpec.builder(type, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc(doc)
                .addJavadoc("\n")
                .initializer(initializer)
                .build();
    }

    private CodeBlock layoutInitializer() {
        List<CodeBlock> members = new ArrayList<>();
        int field = 0;
        for (Region region : layout.regions()) {
            switch (region) {
                case Region.Header ignored -> {
                    members.add(CodeBlock.of("$T.INT.withName($S)", Runtime.LITTLE_ENDIAN, "typeId"));
                    members.add(CodeBlock.of("$T.SHORT.withName($S)", Runtime.LITTLE_ENDIAN, "version"));
                    members.add(CodeBlock.of("$T.SHORT.withName($S)", Runtime.LITTLE_ENDIAN, "flags"));
                }
                case Region.Field ignored -> members.add(emitters.get(field++).layout());
                case Region.Padding padding -> members.add(CodeBlock.of("$T.paddingLayout($LL).withName($S)",
                        Runtime.MEMORY_LAYOUT, padding.byteSize(), padding.name()));
            }
        }
        return CodeBlock.of("$T.structLayout(\n$>$>$L$<$<)", Runtime.MEMORY_LAYOUT,
                CodeBlock.join(members, ",\n"));
    }

    private CodeBlock typeInitializer() {
        CodeBlock fields = emitters.isEmpty()
                ? CodeBlock.of("$T.of()", Runtime.LIST)
                : CodeBlock.of("$T.of(\n$>$>$L$<$<)", Runtime.LIST,
                        CodeBlock.join(emitters.stream().map(FieldEmitter::descriptor).toList(), ",\n"));
        CodeBlock.Builder type = CodeBlock.builder()
                .add("new $T<>(\n$>$>", Runtime.STRUCT_TYPE)
                .add("$T.class,\n", structName)
                .add("$S,\n", struct.schemaName())
                .add("TYPE_ID,\nVERSION,\nSIZE,\nLAYOUT,\n")
                .add("$L,\n", fields)
                .add("$T::new$<$<)", flyweight);
        // The reserve, renames and removals are in the type so that it describes its exported schema in full.
        if (struct.reserve() != 0) {
            type.add("$>$>\n.withReserve($L)$<$<", struct.reserve());
        }
        Evolution evolution = struct.evolution();
        if (!evolution.renames().isEmpty() || !evolution.removals().isEmpty()) {
            // Sorted, so that the generated source does not depend on hash order.
            // One rename a line; a long list of changes wraps.
            List<CodeBlock> renames = new TreeMap<>(evolution.renames()).entrySet().stream()
                    .map(field -> CodeBlock.of("$T.entry($S,$W$T.of($L))", Runtime.MAP, field.getKey(), Runtime.LIST,
                            changes(field.getValue())))
                    .toList();
            CodeBlock renameMap = renames.isEmpty()
                    ? CodeBlock.of("$T.of()", Runtime.MAP)
                    : CodeBlock.of("$T.ofEntries(\n$>$>$L$<$<)", Runtime.MAP, CodeBlock.join(renames, ",\n"));
            type.add("$>$>\n.withEvolution(\n$>$>$L,\n$T.of($L))$<$<$<$<", renameMap, Runtime.LIST,
                    changes(evolution.removals()));
        }
        return type.build();
    }

    private static CodeBlock changes(List<FieldChange> changes) {
        return CodeBlock.join(changes.stream()
                .map(change -> CodeBlock.of("new $T($S, $L)", Runtime.FIELD_CHANGE, change.name(), change.since()))
                .toList(), ",$W");
    }

    /** Gives embedded records their own headers, so that they are records like any other. */
    private MethodSpec initializeEmbeddedMethod() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("initializeEmbedded")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PROTECTED);
        for (FieldEmitter emitter : emitters) {
            if (emitter instanceof InlineEmitter inline) {
                method.addCode(inline.initializeStatements());
            }
        }
        return method.build();
    }

    private MethodSpec toStringMethod() {
        MethodSpec.Builder method = MethodSpec.methodBuilder("toString")
                .addJavadoc("The record's offset and fields, references as {@code @offset} or {@code null}; or that it was\nfreed.\n")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(String.class)
                .beginControlFlow("if (store == null)")
                .addStatement("return $S", struct.type().simpleName() + "[unbound]")
                .endControlFlow()
                .beginControlFlow("if (!live())")
                .addStatement("return $S + base + $S", struct.type().simpleName() + "@", "[freed]")
                .endControlFlow()
                .addStatement("$T out = new $T($S).append(base).append('[')",
                        StringBuilder.class, StringBuilder.class, struct.type().simpleName() + "@");
        boolean first = true;
        for (FieldEmitter emitter : declarationOrder()) {
            method.addCode(emitter.toStringPart(first));
            first = false;
        }
        return method.addStatement("return out.append(']').toString()").build();
    }
}
