package dev.ferrite.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.ferrite.processor.diag.Diagnostic;
import dev.ferrite.processor.diag.Reporter;
import dev.ferrite.processor.layout.Layouts;
import dev.ferrite.processor.layout.RecordLayout;
import dev.ferrite.processor.model.FieldModel;
import dev.ferrite.processor.model.FieldType;
import dev.ferrite.processor.model.StructModel;
import dev.ferrite.processor.model.TypeIds;
import dev.ferrite.processor.read.StructReader;
import dev.ferrite.processor.schema.SchemaExport;
import dev.ferrite.processor.writer.FlyweightWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * Generates a flyweight class for every {@code @PersistentStruct} interface.
 *
 * <h2>Architecture</h2>
 * Each struct passes through gates; a struct that fails one generates nothing, and the other
 * structs of the round carry on:
 * <ol>
 *   <li><b>read</b> ({@code dev.ferrite.processor.read}): validates the interface and its
 *       accessors into an immutable {@code StructModel} ({@code dev.ferrite.processor.model}),
 *       reporting every misuse on the element at fault;
 *   <li><b>check</b> (here): type ids are unique, and no struct references one that failed;
 *   <li><b>layout</b> ({@code dev.ferrite.processor.layout}): one pure function computes offsets,
 *       sizes and padding by the rules in this package's documentation;
 *   <li><b>schema</b> ({@code dev.ferrite.processor.schema}): with {@code
 *       -Aferrite.schemaLocation=<dir>}, the layout is checked against the exported earlier
 *       versions and exported itself;
 *   <li><b>write</b> ({@code dev.ferrite.processor.writer}): JavaPoet emits {@code XxxFlyweight}.
 * </ol>
 * All messages come from one catalogue, {@code dev.ferrite.processor.diag.Diagnostic}. An
 * unexpected exception becomes an error on the struct being processed, never a javac crash.
 */
@AutoService(Processor.class)
public final class FerriteProcessor extends AbstractProcessor {
    /** The option naming the directory that exported schemas are written to and checked against. */
    public static final String SCHEMA_LOCATION = "ferrite.schemaLocation";

    private static final String PERSISTENT_STRUCT = "dev.ferrite.annotations.PersistentStruct";
    private static final String RUNTIME_BASE_CLASS = "dev.ferrite.runtime.struct.Flyweight";
    private static final String RENAMED_FROM = "dev.ferrite.annotations.RenamedFrom";
    private static final String REMOVED_FIELD = "dev.ferrite.annotations.RemovedField";

    private Reporter reporter;
    /** Type ids generated so far in this compilation, with the struct that owns each. */
    private final Map<Integer, StructModel> typeIds = new HashMap<>();
    private final Map<String, StructModel> schemaNames = new HashMap<>();

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        reporter = new Reporter(environment.getMessager());
    }

    /**
     * Claims all of Ferrite's annotations, which mean nothing to other processors, and the
     * {@code @Generated} it puts on the flyweights: left unclaimed, it makes javac's
     * {@code -Xlint:processing} warn in every build, which fails builds with {@code -Werror}.
     */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        // The package pattern also covers the containers of repeated annotations (RenamedFrom.List).
        return Set.of("dev.ferrite.annotations.*", "javax.annotation.processing.Generated");
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(SCHEMA_LOCATION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(PERSISTENT_STRUCT);
        if (annotation == null) {
            return true;
        }
        checkEvolutionPlacement(round);
        StructReader reader = new StructReader(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), reporter);
        Map<TypeElement, StructModel> structs = new LinkedHashMap<>();
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
            TypeElement type = (TypeElement) element;
            try {
                reader.read(type).ifPresent(model -> structs.put(type, model));
            } catch (RuntimeException | LinkageError e) {
                reporter.internalError(type, e);
            }
        }
        checkTypeIds(structs);
        dropStructsReferencingFailures(structs, reader);
        for (Map.Entry<TypeElement, StructModel> struct : structs.entrySet()) {
            try {
                generate(struct.getKey(), struct.getValue());
            } catch (RuntimeException | LinkageError e) {
                reporter.internalError(struct.getKey(), e);
            }
        }
        return true;
    }

    /**
     * {@code @RenamedFrom} belongs on a getter of a struct and {@code @RemovedField} on a struct;
     * anywhere else they would be silently ignored.
     */
    private void checkEvolutionPlacement(RoundEnvironment round) {
        for (String name : List.of(RENAMED_FROM, RENAMED_FROM + ".List")) {
            TypeElement annotation = processingEnv.getElementUtils().getTypeElement(name);
            if (annotation != null) {
                for (Element element : round.getElementsAnnotatedWith(annotation)) {
                    if (!StructReader.isStruct(element.getEnclosingElement())) {
                        reporter.error(element, Diagnostic.EVOLUTION_OUTSIDE_STRUCT, "RenamedFrom", element,
                                "a getter of a @PersistentStruct interface");
                    }
                }
            }
        }
        for (String name : List.of(REMOVED_FIELD, REMOVED_FIELD + "s")) {
            TypeElement annotation = processingEnv.getElementUtils().getTypeElement(name);
            if (annotation != null) {
                for (Element element : round.getElementsAnnotatedWith(annotation)) {
                    if (!StructReader.isStruct(element)) {
                        reporter.error(element, Diagnostic.EVOLUTION_OUTSIDE_STRUCT, "RemovedField", element,
                                "a @PersistentStruct interface");
                    }
                }
            }
        }
    }

    private void checkTypeIds(Map<TypeElement, StructModel> structs) {
        var iterator = structs.entrySet().iterator();
        while (iterator.hasNext()) {
            Map.Entry<TypeElement, StructModel> struct = iterator.next();
            StructModel model = struct.getValue();
            StructModel owner = typeIds.putIfAbsent(model.typeId(), model);
            if (owner == null || owner.type().equals(model.type())) {
                // Names differing only in case share a schema folder and resource on macOS and Windows.
                owner = schemaNames.putIfAbsent(model.schemaName().toLowerCase(Locale.ROOT), model);
                if (owner == null || owner.type().equals(model.type())) {
                    continue;
                }
                typeIds.remove(model.typeId());
            }
            if (owner.schemaName().equalsIgnoreCase(model.schemaName())) {
                reporter.error(struct.getKey(), Diagnostic.DUPLICATE_SCHEMA_NAME, model.schemaName(),
                        model.type().canonicalName(), owner.type().canonicalName());
            } else {
                reporter.error(struct.getKey(), Diagnostic.TYPE_ID_COLLISION, model.schemaName(),
                        model.type().canonicalName(), TypeIds.hex(model.typeId()), owner.schemaName(),
                        owner.type().canonicalName());
            }
            iterator.remove();
        }
    }

    /**
     * Drops, silently, structs whose references point at structs that failed: their errors say
     * what to fix, and the flyweights they would need do not exist.
     */
    private static void dropStructsReferencingFailures(Map<TypeElement, StructModel> structs, StructReader reader) {
        Set<String> valid = new HashSet<>();
        structs.values().forEach(model -> valid.add(model.type().canonicalName()));
        boolean changed = true;
        while (changed) {
            changed = false;
            var iterator = structs.values().iterator();
            while (iterator.hasNext()) {
                StructModel model = iterator.next();
                for (FieldModel field : model.fields()) {
                    for (String target : referencedStructs(field.type())) {
                        if (reader.failed(target) || (reader.wasRead(target) && !valid.contains(target))) {
                            iterator.remove();
                            valid.remove(model.type().canonicalName());
                            changed = true;
                            break;
                        }
                    }
                }
            }
        }
    }

    /** The canonical names of the structs whose flyweights the code of a field of {@code type} names. */
    private static List<String> referencedStructs(FieldType type) {
        return switch (type) {
            case FieldType.Reference reference -> List.of(reference.target().canonicalName());
            case FieldType.SortedMap map -> map.values().isStruct()
                    ? List.of(map.values().type().canonicalName()) : List.of();
            case FieldType.ListOf list -> list.elements().isStruct()
                    ? List.of(list.elements().type().canonicalName()) : List.of();
            default -> List.of();
        };
    }

    private void generate(TypeElement element, StructModel model) {
        if (processingEnv.getElementUtils().getTypeElement(RUNTIME_BASE_CLASS) == null) {
            reporter.error(element, Diagnostic.RUNTIME_MISSING, element.getQualifiedName());
            return;
        }
        RecordLayout layout = Layouts.of(model);
        String location = processingEnv.getOptions().get(SCHEMA_LOCATION);
        if (location != null && !new SchemaExport(Path.of(location), reporter).export(element, layout)) {
            return;
        }
        if (!SchemaExport.writeResource(processingEnv.getFiler(), element, layout, reporter)) {
            return;
        }
        JavaFile file = FlyweightWriter.write(layout);
        String name = file.packageName().isEmpty() ? file.typeSpec().name() : file.packageName() + "." + file.typeSpec().name();
        try {
            JavaFileObject source = processingEnv.getFiler().createSourceFile(name, element);
            try (Writer writer = source.openWriter()) {
                writer.write(FlyweightWriter.render(file));
            }
        } catch (FilerException e) {
            reporter.error(element, Diagnostic.FLYWEIGHT_EXISTS, name, element.getQualifiedName(), e.getMessage());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + name, e);
        }
    }
}
