package dev.ferrite.processor.read;

import dev.ferrite.processor.diag.Diagnostic;
import dev.ferrite.processor.diag.Reporter;
import dev.ferrite.processor.model.CollectionElement;
import dev.ferrite.processor.model.CollectionElement.Kind;
import dev.ferrite.processor.model.FieldType;
import dev.ferrite.processor.model.TypeRef;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads the type of a collection field, {@code PersistentSortedMap<K, V>} or {@code
 * PersistentList<E>}, into its key and value kinds, reporting type arguments the runtime cannot
 * store. The tables below are the whole mapping from Java types to the runtime's {@code KeyType}
 * and {@code ValueType} constants; a type is accepted when the runtime the struct is compiled
 * against declares its constant, so that the processor and the runtime cannot disagree.
 */
final class CollectionTypes {
    static final String SORTED_MAP = "dev.ferrite.runtime.PersistentSortedMap";
    static final String LIST = "dev.ferrite.runtime.PersistentList";

    static final String KEY_TYPE = "dev.ferrite.runtime.KeyType";
    static final String VALUE_TYPE = "dev.ferrite.runtime.ValueType";

    /** Key types by their Java type's name; each kind is the name of its {@code KeyType} constant. */
    private static final Map<String, Kind> KEYS = ordered(
            "java.lang.Long", Kind.LONG,
            "java.lang.Integer", Kind.INT,
            "java.lang.String", Kind.STRING,
            "java.util.UUID", Kind.UUID,
            "byte[]", Kind.BYTES);

    /** Value types other than structs, by their Java type's name; each kind names its {@code ValueType} constant. */
    private static final Map<String, Kind> VALUES = ordered(
            "java.lang.Long", Kind.LONG,
            "java.lang.Double", Kind.DOUBLE,
            "java.lang.String", Kind.STRING);

    /** The factory method of {@code KeyType} for enum keys. */
    private static final String ENUM_KEYS = "enumType";

    private final Types types;
    private final Map<String, Kind> keys;
    private final Map<String, Kind> values;
    private final boolean enumKeys;
    private final Reporter reporter;
    private final Function<TypeElement, TypeRef> typeRef;
    private final Function<TypeElement, String> schemaName;
    private final Function<TypeElement, String> binaryName;

    CollectionTypes(Elements elements, Types types, Reporter reporter, Function<TypeElement, TypeRef> typeRef,
            Function<TypeElement, String> schemaName) {
        this.types = types;
        Set<String> keyMembers = members(elements, KEY_TYPE);
        this.keys = available(KEYS, keyMembers);
        this.values = available(VALUES, members(elements, VALUE_TYPE));
        this.enumKeys = keyMembers.contains(ENUM_KEYS);
        this.reporter = reporter;
        this.typeRef = typeRef;
        this.schemaName = schemaName;
        this.binaryName = element -> elements.getBinaryName(element).toString();
    }

    /** Whether {@code type} is one of the collections, with or without type arguments. */
    static boolean isCollection(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED) {
            return false;
        }
        String name = ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
        return name.equals(SORTED_MAP) || name.equals(LIST);
    }

    /**
     * The field type of {@code getter}, whose return type is a collection, or null after
     * reporting what is wrong.
     *
     * @param owned the getter's {@code @Owned}, or null
     */
    FieldType read(ExecutableElement getter, String signature, AnnotationMirror owned) {
        DeclaredType type = (DeclaredType) getter.getReturnType();
        boolean map = ((TypeElement) type.asElement()).getQualifiedName().contentEquals(SORTED_MAP);
        List<? extends TypeMirror> arguments = type.getTypeArguments();
        if (arguments.size() != (map ? 2 : 1)
                || arguments.stream().anyMatch(argument -> argument.getKind() != TypeKind.DECLARED
                        && argument.getKind() != TypeKind.ARRAY)) {
            reporter.error(getter, Diagnostic.COLLECTION_TYPE_ARGUMENTS, signature, type);
            return null;
        }
        if (owned != null && !(map && structOf(arguments.get(1)) != null)) {
            reporter.error(getter, owned, null, Diagnostic.OWNED_MISPLACED, signature, type);
            return null;
        }
        if (!map) {
            CollectionElement elements = value(getter, signature, arguments.getFirst(), "elements", "list", false);
            return elements == null ? null : new FieldType.ListOf(elements);
        }
        CollectionElement keys = key(getter, signature, arguments.getFirst());
        CollectionElement values = value(getter, signature, arguments.get(1), "values", "sorted map", owned != null);
        return keys == null || values == null ? null : new FieldType.SortedMap(keys, values);
    }

    private CollectionElement key(ExecutableElement getter, String signature, TypeMirror argument) {
        Kind kind = keys.get(nameOf(argument));
        if (kind != null) {
            return CollectionElement.of(kind);
        }
        if (enumKeys && argument.getKind() == TypeKind.DECLARED
                && types.asElement(argument).getKind() == ElementKind.ENUM) {
            TypeElement element = (TypeElement) types.asElement(argument);
            return new CollectionElement(Kind.ENUM, typeRef.apply(element), binaryName.apply(element));
        }
        reporter.error(getter, Diagnostic.UNSUPPORTED_COLLECTION_KEY, signature, argument,
                javaNames(keys) + (enumKeys ? ", an enum" : ""));
        return null;
    }

    private CollectionElement value(ExecutableElement getter, String signature, TypeMirror argument, String role,
            String collection, boolean owned) {
        Kind kind = values.get(nameOf(argument));
        if (kind != null) {
            return CollectionElement.of(kind);
        }
        TypeElement struct = structOf(argument);
        if (struct != null) {
            return new CollectionElement(owned ? Kind.STRUCT : Kind.REFERENCE, typeRef.apply(struct),
                    schemaName.apply(struct));
        }
        reporter.error(getter, Diagnostic.UNSUPPORTED_COLLECTION_VALUE, signature, role, argument, collection,
                javaNames(values));
        return null;
    }

    /** The {@code @PersistentStruct} interface {@code type} names, or null. */
    private TypeElement structOf(TypeMirror type) {
        if (type.getKind() != TypeKind.DECLARED || !((DeclaredType) type).getTypeArguments().isEmpty()) {
            return null;
        }
        TypeElement element = (TypeElement) types.asElement(type);
        return element.getKind() == ElementKind.INTERFACE && StructReader.isStruct(element) ? element : null;
    }

    /** The qualified name of a declared type, {@code byte[]} for arrays of bytes, else its text. */
    private static String nameOf(TypeMirror type) {
        if (type instanceof ArrayType array && array.getComponentType().getKind() == TypeKind.BYTE) {
            return "byte[]";
        }
        if (type.getKind() == TypeKind.DECLARED && ((DeclaredType) type).getTypeArguments().isEmpty()) {
            return ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().toString();
        }
        return type.toString();
    }

    private static String javaNames(Map<String, Kind> table) {
        return String.join(", ", table.keySet().stream()
                .map(name -> name.startsWith("java.lang.") ? name.substring("java.lang.".length()) : name)
                .toList());
    }

    /** The names of the public members of the runtime class {@code name}, empty if it is not on the class path. */
    private static Set<String> members(Elements elements, String name) {
        TypeElement type = elements.getTypeElement(name);
        if (type == null) {
            return Set.of();
        }
        Set<String> names = new HashSet<>();
        type.getEnclosedElements().stream()
                .filter(member -> member.getModifiers().contains(Modifier.PUBLIC))
                .forEach(member -> names.add(member.getSimpleName().toString()));
        return names;
    }

    /** The entries of {@code table} whose constant the runtime declares. */
    private static Map<String, Kind> available(Map<String, Kind> table, Set<String> members) {
        Map<String, Kind> available = new LinkedHashMap<>();
        table.forEach((name, kind) -> {
            if (members.contains(kind.name())) {
                available.put(name, kind);
            }
        });
        return available;
    }

    private static Map<String, Kind> ordered(Object... pairs) {
        Map<String, Kind> table = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            table.put((String) pairs[i], (Kind) pairs[i + 1]);
        }
        return table;
    }
}
