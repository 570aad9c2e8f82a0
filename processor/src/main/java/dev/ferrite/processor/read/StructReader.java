package dev.ferrite.processor.read;

import dev.ferrite.processor.diag.Diagnostic;
import dev.ferrite.processor.diag.Reporter;
import dev.ferrite.processor.model.Evolution;
import dev.ferrite.processor.model.FieldModel;
import dev.ferrite.processor.model.FieldType;
import dev.ferrite.processor.model.PrimitiveKind;
import dev.ferrite.processor.model.StructModel;
import dev.ferrite.processor.model.TypeRef;
import dev.ferrite.runtime.struct.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads {@code @PersistentStruct} interfaces into {@link StructModel}s, reporting every misuse
 * on the element at fault. A struct with any error, or embedding one with an error, yields no
 * model. Each struct is read once per round, whether it is met as a root or as an {@code
 * @Inline} target.
 */
public final class StructReader {
    private static final Pattern SCHEMA_NAME = Pattern.compile("[\\p{L}\\p{N}_$-]+(\\.[\\p{L}\\p{N}_$-]+)*");

    /** Method names of every flyweight ({@code Object} and the runtime's base class). */
    private static final Set<String> RESERVED_NAMES = Set.of(
            "offset", "store", "structType", "wrap", "rebind", "recordVersion", "upgradeTo", "initializeEmbedded",
            "checkIndex", "enumOf", "enumCode", "readFixedString", "writeFixedString", "getClass", "notify",
            "notifyAll", "wait", "clone", "finalize", "equals", "hashCode", "toString");

    private final Elements elements;
    private final Types types;
    private final Reporter reporter;
    private final Map<String, Optional<StructModel>> read = new HashMap<>();
    private final SequencedSet<String> reading = new LinkedHashSet<>();
    private final CollectionTypes collections;

    public StructReader(Elements elements, Types types, Reporter reporter) {
        this.elements = elements;
        this.types = types;
        this.reporter = reporter;
        this.collections = new CollectionTypes(elements, types, reporter, this::typeRef, this::schemaNameOf);
    }

    /** Whether {@code element} carries {@code @PersistentStruct}. */
    public static boolean isStruct(Element element) {
        return Annotations.find(element, Annotations.PERSISTENT_STRUCT).isPresent();
    }

    /** The model of {@code type}, or empty if it (or a struct it embeds) has errors. */
    public Optional<StructModel> read(TypeElement type) {
        String name = type.getQualifiedName().toString();
        Optional<StructModel> known = read.get(name);
        if (known != null) {
            return known;
        }
        reading.add(name);
        Optional<StructModel> model;
        try {
            model = readStruct(type);
        } catch (Annotations.ErroneousSource e) {
            model = Optional.empty();
        } finally {
            reading.remove(name);
        }
        read.put(name, model);
        return model;
    }

    /** Whether {@code type} was read in this round and found to have errors. */
    public boolean failed(String qualifiedName) {
        Optional<StructModel> known = read.get(qualifiedName);
        return known != null && known.isEmpty();
    }

    /** Whether {@code type} was read in this round, with or without errors. */
    public boolean wasRead(String qualifiedName) {
        return read.containsKey(qualifiedName);
    }

    /** The schema name of a struct: {@code @PersistentStruct(name)} or the qualified name. */
    public String schemaNameOf(TypeElement type) {
        String name = Annotations.find(type, Annotations.PERSISTENT_STRUCT)
                .map(mirror -> Annotations.stringValue(elements, mirror, "name"))
                .orElse("");
        return name.isEmpty() ? type.getQualifiedName().toString() : name;
    }

    private Optional<StructModel> readStruct(TypeElement type) {
        int errorsBefore = reporter.errorCount();
        AnnotationMirror struct = Annotations.find(type, Annotations.PERSISTENT_STRUCT).orElseThrow();
        if (type.getKind() != ElementKind.INTERFACE) {
            reporter.error(type, Diagnostic.NOT_AN_INTERFACE,
                    type.getKind().toString().toLowerCase(Locale.ROOT).replace('_', ' '), type.getQualifiedName());
            return Optional.empty();
        }
        if (!type.getTypeParameters().isEmpty()) {
            reporter.error(type, Diagnostic.GENERIC_STRUCT, type.getQualifiedName(), type.getTypeParameters());
        }
        checkAccessible(type, type);
        int version = Annotations.intValue(elements, struct, "version");
        if (version < 1 || version > 65535) {
            reporter.error(type, struct, Annotations.value(elements, struct, "version"),
                    Diagnostic.INVALID_VERSION, version, type.getQualifiedName());
        }
        int reserve = Annotations.intValue(elements, struct, "reserve");
        if (reserve < 0) {
            reporter.error(type, struct, Annotations.value(elements, struct, "reserve"),
                    Diagnostic.NEGATIVE_RESERVE, reserve, type.getQualifiedName());
        }
        String schemaName = schemaNameOf(type);
        if (!validSchemaName(schemaName)) {
            reporter.error(type, struct, Annotations.value(elements, struct, "name"),
                    Diagnostic.INVALID_SCHEMA_NAME, schemaName, type.getQualifiedName());
        }
        checkInheritedMethods(type);

        List<ExecutableElement> methods = accessorMethods(type);
        boolean beans = !methods.isEmpty() && methods.stream().allMatch(StructReader::isBeanAccessor);
        FieldReader fields = new FieldReader(type, version, beans);
        List<FieldModel> models = fields.read(methods);
        Evolution evolution = new EvolutionReader(type, version, models).read(fields.renames);
        if (reporter.errorCount() > errorsBefore || fields.erroneous) {
            return Optional.empty();
        }
        return Optional.of(new StructModel(typeRef(type), schemaName, version, reserve, models,
                elements.isDeprecated(type), evolution));
    }

    /**
     * The {@code since} of a rename or removal must be from 2 to {@code version}, and above {@code
     * after}: reports it otherwise, and returns whether it is.
     */
    private boolean checkEvolutionSince(Element element, AnnotationMirror mirror, String annotation, int since,
            int version, int after, Object where) {
        if (since < 2 || since > version || since <= after) {
            reporter.error(element, mirror, Annotations.value(elements, mirror, "since"), Diagnostic.EVOLUTION_SINCE,
                    annotation, since, where, version, after > 1 ? " and above the field's @Since(" + after + ")" : "");
            return false;
        }
        return true;
    }

    /** A {@code @RenamedFrom} as read from a getter, kept with its element to point errors at. */
    private record Rename(ExecutableElement getter, AnnotationMirror mirror, FieldChange change) {}

    /** Reads and checks the renames and removals of one struct. */
    private final class EvolutionReader {
        private final TypeElement struct;
        private final int version;
        private final Set<String> fieldNames = new java.util.HashSet<>();

        EvolutionReader(TypeElement struct, int version, List<FieldModel> fields) {
            this.struct = struct;
            this.version = version;
            fields.forEach(field -> fieldNames.add(field.name()));
        }

        Evolution read(Map<String, List<Rename>> renames) {
            Map<String, List<FieldChange>> checkedRenames = new LinkedHashMap<>();
            Set<String> oldNames = new java.util.HashSet<>();
            for (Map.Entry<String, List<Rename>> field : renames.entrySet()) {
                Set<Integer> versions = new java.util.HashSet<>();
                for (Rename rename : field.getValue()) {
                    String oldName = rename.change().name();
                    AnnotationValue value = Annotations.value(elements, rename.mirror(), "value");
                    String conflict = oldName.isBlank() ? "the old name is blank"
                            : oldName.equals(field.getKey()) ? "the old name is the field's own name"
                            : fieldNames.contains(oldName) ? "\"" + oldName + "\" is the name of another field"
                            : !oldNames.add(oldName) ? "\"" + oldName + "\" is declared as a previous name twice"
                            : !versions.add(rename.change().since())
                                    ? "the field is renamed twice in version " + rename.change().since()
                            : null;
                    if (conflict != null) {
                        reporter.error(rename.getter(), rename.mirror(), value, Diagnostic.RENAMED_FROM_CONFLICT,
                                oldName, signature(rename.getter()), conflict);
                    }
                }
                checkedRenames.put(field.getKey(), field.getValue().stream().map(Rename::change).toList());
            }
            List<FieldChange> removals = new ArrayList<>();
            for (AnnotationMirror mirror : Annotations.findRepeated(
                    elements, struct, Annotations.REMOVED_FIELD, Annotations.REMOVED_FIELDS)) {
                String name = Annotations.stringValue(elements, mirror, "name");
                int since = Annotations.intValue(elements, mirror, "since");
                if (!checkEvolutionSince(struct, mirror, "RemovedField", since, version, 1, struct.getQualifiedName())) {
                    continue;
                }
                String conflict = name.isBlank() ? "the name is blank"
                        : fieldNames.contains(name) ? "the struct still has a field \"" + name + "\""
                        : removals.stream().anyMatch(removal -> removal.name().equals(name))
                                ? "the field is declared removed twice"
                        : null;
                if (conflict != null) {
                    reporter.error(struct, mirror, Annotations.value(elements, mirror, "name"),
                            Diagnostic.REMOVED_FIELD_CONFLICT, name, struct.getQualifiedName(), conflict);
                }
                removals.add(new FieldChange(name, since));
            }
            return new Evolution(checkedRenames, removals);
        }

    }

    /** Generated code in {@code struct}'s package must be able to name {@code type}. */
    private void checkAccessible(Element atFault, TypeElement type) {
        for (Element element = type; element instanceof TypeElement; element = element.getEnclosingElement()) {
            if (element.getModifiers().contains(Modifier.PRIVATE)) {
                reporter.error(atFault, Diagnostic.NOT_ACCESSIBLE, type.getQualifiedName(),
                        ((TypeElement) element).getQualifiedName());
                return;
            }
        }
    }

    /**
     * Dot-separated segments of letters, digits, '_', '$' and '-': a schema name becomes a folder
     * of the exported schemas and a class-path resource name, so "..", "a/b" or "a%b" cannot be one.
     */
    private static boolean validSchemaName(String name) {
        return SCHEMA_NAME.matcher(name).matches();
    }

    private void checkInheritedMethods(TypeElement type) {
        for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
            Element owner = method.getEnclosingElement();
            if (owner.equals(type)
                    || !method.getModifiers().contains(Modifier.ABSTRACT)
                    || ((TypeElement) owner).getQualifiedName().contentEquals("java.lang.Object")
                    || isObjectMethod(method)) {
                continue;
            }
            reporter.error(type, Diagnostic.INHERITED_ACCESSOR, type.getQualifiedName(), signature(method),
                    ((TypeElement) owner).getQualifiedName());
        }
    }

    /** The abstract methods declared in {@code type}, in declaration order. */
    private static List<ExecutableElement> accessorMethods(TypeElement type) {
        List<ExecutableElement> methods = new ArrayList<>();
        for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
            Set<Modifier> modifiers = method.getModifiers();
            if (modifiers.contains(Modifier.DEFAULT) || modifiers.contains(Modifier.STATIC)
                    || modifiers.contains(Modifier.PRIVATE) || isObjectMethod(method)) {
                continue;
            }
            methods.add(method);
        }
        return methods;
    }

    /** {@code toString()}, {@code hashCode()} and {@code equals(Object)}: every flyweight has them. */
    private static boolean isObjectMethod(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        List<? extends VariableElement> parameters = method.getParameters();
        return switch (name) {
            case "toString", "hashCode" -> parameters.isEmpty();
            case "equals" -> parameters.size() == 1
                    && parameters.getFirst().asType().toString().equals("java.lang.Object");
            default -> false;
        };
    }

    private static boolean isBeanAccessor(ExecutableElement method) {
        String name = method.getSimpleName().toString();
        return hasPrefix(name, "get") || hasPrefix(name, "set")
                || (hasPrefix(name, "is") && method.getReturnType().getKind() == TypeKind.BOOLEAN);
    }

    private static boolean hasPrefix(String name, String prefix) {
        return name.length() > prefix.length()
                && name.startsWith(prefix)
                && Character.isUpperCase(name.charAt(prefix.length()));
    }

    /** {@code Name} → {@code name}, but {@code URL} stays {@code URL}, as in JavaBeans. */
    private static String decapitalize(String name) {
        if (name.length() > 1 && Character.isUpperCase(name.charAt(0)) && Character.isUpperCase(name.charAt(1))) {
            return name;
        }
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private TypeRef typeRef(TypeElement type) {
        List<String> simpleNames = new ArrayList<>();
        Element element = type;
        while (element instanceof TypeElement typeElement) {
            simpleNames.addFirst(typeElement.getSimpleName().toString());
            element = element.getEnclosingElement();
        }
        return new TypeRef(elements.getPackageOf(type).getQualifiedName().toString(), simpleNames);
    }

    private static String signature(ExecutableElement method) {
        return method.getSimpleName() + method.getParameters().stream()
                .map(parameter -> parameter.asType().toString())
                .collect(Collectors.joining(", ", "(", ")"));
    }

    /** Reads the fields of one struct. */
    private final class FieldReader {
        private final TypeElement struct;
        private final int version;
        private final boolean beans;
        /** Set when a type could not be resolved: javac reports that itself, so nothing more is said. */
        boolean erroneous;
        /** The {@code @RenamedFrom}s on getters, by field name. */
        final Map<String, List<Rename>> renames = new LinkedHashMap<>();
        /** Names of methods without parameters: a same-named method with one is their setter. */
        private final Set<String> plainGetterNames = new java.util.HashSet<>();

        FieldReader(TypeElement struct, int version, boolean beans) {
            this.struct = struct;
            this.version = version;
            this.beans = beans;
        }

        List<FieldModel> read(List<ExecutableElement> methods) {
            for (ExecutableElement method : methods) {
                if (method.getParameters().isEmpty()) {
                    plainGetterNames.add(method.getSimpleName().toString());
                }
            }
            Map<String, ExecutableElement> getters = new LinkedHashMap<>();
            Map<String, ExecutableElement> setters = new LinkedHashMap<>();
            for (ExecutableElement method : methods) {
                String name = method.getSimpleName().toString();
                if (RESERVED_NAMES.contains(name)) {
                    reporter.error(method, Diagnostic.RESERVED_NAME, signature(method));
                    continue;
                }
                Boolean getter = isGetter(method);
                if (getter == null) {
                    continue;
                }
                Map<String, ExecutableElement> role = getter ? getters : setters;
                String field = fieldName(name);
                ExecutableElement first = role.putIfAbsent(field, method);
                if (first != null) {
                    reporter.error(method, Diagnostic.DUPLICATE_ACCESSOR, signature(method),
                            getter ? "getter" : "setter", field, signature(first));
                }
            }
            for (Map.Entry<String, ExecutableElement> setter : setters.entrySet()) {
                if (!getters.containsKey(setter.getKey())) {
                    String getter = beans ? "get" + capitalize(setter.getKey()) + "()" : setter.getKey() + "()";
                    reporter.error(setter.getValue(), Diagnostic.SETTER_WITHOUT_GETTER,
                            signature(setter.getValue()), getter);
                }
            }
            List<FieldModel> fields = new ArrayList<>();
            for (Map.Entry<String, ExecutableElement> getter : getters.entrySet()) {
                field(getter.getKey(), getter.getValue(), setters.get(getter.getKey())).ifPresent(fields::add);
            }
            return fields;
        }

        /** True for a getter, false for a setter, null (after reporting) for neither. */
        private Boolean isGetter(ExecutableElement method) {
            String name = method.getSimpleName().toString();
            boolean hasArray = Annotations.find(method, Annotations.ARRAY).isPresent();
            boolean returnsValue = method.getReturnType().getKind() != TypeKind.VOID
                    && !types.isSameType(method.getReturnType(), struct.asType());
            if (beans) {
                if (name.startsWith("set")) {
                    return false;
                }
            } else if (method.getParameters().isEmpty() || hasArray) {
                return true;
            } else if (!returnsValue || plainGetterNames.contains(name)) {
                return false;
            }
            if (!method.getParameters().isEmpty() && !hasArray) {
                reporter.error(method, Diagnostic.UNEXPECTED_PARAMETERS, signature(method),
                        parameterTypes(method), struct.getSimpleName());
                return null;
            }
            return true;
        }

        private String fieldName(String method) {
            if (!beans) {
                return method;
            }
            return decapitalize(method.substring(method.startsWith("is") ? 2 : 3));
        }

        private Optional<FieldModel> field(String name, ExecutableElement getter, ExecutableElement setter) {
            int errorsBefore = reporter.errorCount();
            Optional<AnnotationMirror> array = Annotations.find(getter, Annotations.ARRAY);
            int arrayLength = 0;
            if (array.isPresent()) {
                arrayLength = Annotations.intValue(elements, array.get(), "length");
                if (arrayLength < 1) {
                    reporter.error(getter, array.get(), Annotations.value(elements, array.get(), "length"),
                            Diagnostic.ARRAY_LENGTH, arrayLength, signature(getter));
                }
                List<? extends VariableElement> parameters = getter.getParameters();
                if (parameters.size() != 1 || parameters.getFirst().asType().getKind() != TypeKind.INT) {
                    reporter.error(getter, Diagnostic.ARRAY_INDEX, signature(getter), parameterTypes(getter),
                            getter.getSimpleName());
                }
            }
            int since = since(getter);
            for (AnnotationMirror mirror : Annotations.findRepeated(
                    elements, getter, Annotations.RENAMED_FROM, Annotations.RENAMED_FROM_LIST)) {
                int renamedSince = Annotations.intValue(elements, mirror, "since");
                if (!checkEvolutionSince(getter, mirror, "RenamedFrom", renamedSince, version, since, signature(getter))) {
                    continue;
                }
                renames.computeIfAbsent(name, field -> new ArrayList<>()).add(new Rename(getter, mirror,
                        new FieldChange(Annotations.stringValue(elements, mirror, "value"), renamedSince)));
            }
            FieldType type = fieldType(getter);
            boolean chained = false;
            if (setter != null) {
                chained = checkSetter(name, getter, setter, array.isPresent(), type);
            }
            if (type == null || reporter.errorCount() > errorsBefore) {
                return Optional.empty();
            }
            return Optional.of(new FieldModel(name, type, Math.max(arrayLength, 0), since,
                    getter.getSimpleName().toString(),
                    Optional.ofNullable(setter).map(s -> s.getSimpleName().toString()), chained,
                    elements.isDeprecated(getter) || (setter != null && elements.isDeprecated(setter))));
        }

        private int since(ExecutableElement getter) {
            Optional<AnnotationMirror> mirror = Annotations.find(getter, Annotations.SINCE);
            if (mirror.isEmpty()) {
                return 1;
            }
            int since = Annotations.intValue(elements, mirror.get(), "value");
            AnnotationValue value = Annotations.value(elements, mirror.get(), "value");
            if (since < 2) {
                reporter.error(getter, mirror.get(), value, Diagnostic.SINCE_TOO_LOW, since, signature(getter));
                return 1;
            }
            if (since > version) {
                reporter.error(getter, mirror.get(), value, Diagnostic.SINCE_ABOVE_VERSION, since,
                        signature(getter), version, since);
            }
            return since;
        }

        /** The stored type of the getter's value, or null after an error. */
        private FieldType fieldType(ExecutableElement getter) {
            TypeMirror type = getter.getReturnType();
            Optional<AnnotationMirror> fixed = Annotations.find(getter, Annotations.FIXED_STRING);
            Optional<AnnotationMirror> inline = Annotations.find(getter, Annotations.INLINE);
            if (type.getKind() == TypeKind.ERROR) {
                erroneous = true;
                return null;
            }
            boolean isString = type.getKind() == TypeKind.DECLARED
                    && ((TypeElement) types.asElement(type)).getQualifiedName().contentEquals("java.lang.String");
            if (fixed.isPresent() && !isString) {
                reporter.error(getter, fixed.get(), null, Diagnostic.FIXED_STRING_TYPE, signature(getter), type);
                return null;
            }
            TypeElement structTarget = structTarget(type);
            if (inline.isPresent() && structTarget == null) {
                reporter.error(getter, inline.get(), null, Diagnostic.INLINE_NOT_STRUCT, signature(getter), type,
                        type);
                return null;
            }
            Optional<AnnotationMirror> owned = Annotations.find(getter, Annotations.OWNED);
            if (CollectionTypes.isCollection(type)) {
                Optional<AnnotationMirror> array = Annotations.find(getter, Annotations.ARRAY);
                if (array.isPresent()) {
                    reporter.error(getter, array.get(), null, Diagnostic.COLLECTION_ARRAY, signature(getter));
                    return null;
                }
                return collections.read(getter, signature(getter), owned.orElse(null));
            }
            if (owned.isPresent()) {
                reporter.error(getter, owned.get(), null, Diagnostic.OWNED_MISPLACED, signature(getter), type);
                return null;
            }
            if (type.getKind().isPrimitive()) {
                return new FieldType.Primitive(PrimitiveKind.valueOf(type.getKind().name()));
            }
            if (isString) {
                return fixed.isPresent() ? fixedString(getter, fixed.get()) : new FieldType.HeapString();
            }
            if (type.getKind() == TypeKind.DECLARED) {
                TypeElement element = (TypeElement) types.asElement(type);
                if (element.getKind() == ElementKind.ENUM) {
                    checkAccessible(getter, element);
                    return enumType(element);
                }
                if (structTarget != null) {
                    return inline.isPresent()
                            ? inlineType(getter, structTarget)
                            : new FieldType.Reference(typeRef(structTarget), schemaNameOf(structTarget));
                }
            }
            reporter.error(getter, Diagnostic.UNSUPPORTED_TYPE, signature(getter), type);
            return null;
        }

        /** The struct interface {@code type} names, or null if it is no struct. */
        private TypeElement structTarget(TypeMirror type) {
            if (type.getKind() != TypeKind.DECLARED || !((DeclaredType) type).getTypeArguments().isEmpty()) {
                return null;
            }
            TypeElement element = (TypeElement) types.asElement(type);
            return element.getKind() == ElementKind.INTERFACE && isStruct(element) ? element : null;
        }

        private FieldType fixedString(ExecutableElement getter, AnnotationMirror fixed) {
            int limit = Annotations.intValue(elements, fixed, "value");
            if (limit < 1 || limit > 65535) {
                reporter.error(getter, fixed, Annotations.value(elements, fixed, "value"),
                        Diagnostic.FIXED_STRING_LIMIT, limit, signature(getter));
                return null;
            }
            return new FieldType.FixedString(limit);
        }

        private FieldType enumType(TypeElement element) {
            List<String> constants = element.getEnclosedElements().stream()
                    .filter(member -> member.getKind() == ElementKind.ENUM_CONSTANT)
                    .map(member -> member.getSimpleName().toString())
                    .toList();
            return new FieldType.EnumType(typeRef(element), elements.getBinaryName(element).toString(), constants);
        }

        private FieldType inlineType(ExecutableElement getter, TypeElement target) {
            String targetName = target.getQualifiedName().toString();
            if (reading.contains(targetName)) {
                List<String> cycle = new ArrayList<>();
                boolean inCycle = false;
                for (String name : reading) {
                    inCycle |= name.equals(targetName);
                    if (inCycle) {
                        cycle.add(name);
                    }
                }
                cycle.add(targetName);
                reporter.error(getter, Diagnostic.INLINE_CYCLE, signature(getter), String.join(" -> ", cycle));
                return null;
            }
            Optional<StructModel> model = StructReader.this.read(target);
            if (model.isEmpty()) {
                erroneous = true; // the target's own errors say why
                return null;
            }
            return new FieldType.Inline(model.get());
        }

        /** Checks the setter against its getter; returns whether it chains. */
        private boolean checkSetter(
                String name, ExecutableElement getter, ExecutableElement setter, boolean array, FieldType type) {
            for (String annotation : List.of(
                    Annotations.FIXED_STRING, Annotations.ARRAY, Annotations.INLINE, Annotations.OWNED, Annotations.SINCE,
                    Annotations.RENAMED_FROM, Annotations.RENAMED_FROM_LIST)) {
                if (Annotations.find(setter, annotation).isPresent()) {
                    reporter.error(setter, Diagnostic.ANNOTATION_ON_SETTER,
                            annotation.substring(Annotations.PACKAGE.length()), signature(setter), signature(getter));
                }
            }
            if (type instanceof FieldType.Inline) {
                reporter.error(setter, Diagnostic.INLINE_SETTER, signature(setter), name);
                return false;
            }
            if (CollectionTypes.isCollection(getter.getReturnType())) {
                reporter.error(setter, Diagnostic.COLLECTION_SETTER, signature(setter), name);
                return false;
            }
            TypeMirror fieldType = getter.getReturnType();
            List<? extends VariableElement> parameters = setter.getParameters();
            if (parameters.stream().anyMatch(parameter -> parameter.asType().getKind() == TypeKind.ERROR)) {
                erroneous = true;
                return false;
            }
            boolean matches = array
                    ? parameters.size() == 2
                            && parameters.getFirst().asType().getKind() == TypeKind.INT
                            && types.isSameType(parameters.get(1).asType(), fieldType)
                    : parameters.size() == 1 && types.isSameType(parameters.getFirst().asType(), fieldType);
            if (!matches) {
                String expected = setter.getSimpleName() + (array ? "(int index, " : "(") + fieldType + " value)";
                reporter.error(setter, Diagnostic.SETTER_TYPE_MISMATCH, signature(setter), parameterTypes(setter),
                        signature(getter), fieldType, expected);
            }
            TypeMirror returned = setter.getReturnType();
            boolean chained = types.isSameType(returned, struct.asType());
            if (returned.getKind() != TypeKind.VOID && !chained) {
                reporter.error(setter, Diagnostic.SETTER_RETURN_TYPE, signature(setter), returned,
                        struct.getSimpleName());
            }
            return chained;
        }

        private static String parameterTypes(ExecutableElement method) {
            return method.getParameters().stream()
                    .map(parameter -> parameter.asType().toString())
                    .collect(Collectors.joining(", ", "(", ")"));
        }

        private static String capitalize(String name) {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }
    }
}
