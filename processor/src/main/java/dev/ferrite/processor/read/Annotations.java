package dev.ferrite.processor.read;

import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Reads Ferrite annotations through their mirrors, which work for types compiled in this round
 * and for types read from class files alike, and keep the values to point errors at.
 */
final class Annotations {
    static final String PACKAGE = "dev.ferrite.annotations.";
    static final String PERSISTENT_STRUCT = PACKAGE + "PersistentStruct";
    static final String FIXED_STRING = PACKAGE + "FixedString";
    static final String ARRAY = PACKAGE + "Array";
    static final String INLINE = PACKAGE + "Inline";
    static final String SINCE = PACKAGE + "Since";
    static final String OWNED = PACKAGE + "Owned";
    static final String RENAMED_FROM = PACKAGE + "RenamedFrom";
    static final String RENAMED_FROM_LIST = PACKAGE + "RenamedFrom.List";
    static final String REMOVED_FIELD = PACKAGE + "RemovedField";
    static final String REMOVED_FIELDS = PACKAGE + "RemovedFields";

    private Annotations() {}

    /** The annotation of type {@code name} on {@code element}, if present. */
    static Optional<AnnotationMirror> find(Element element, String name) {
        for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
            TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
            if (type.getQualifiedName().contentEquals(name)) {
                return Optional.of(mirror);
            }
        }
        return Optional.empty();
    }

    /**
     * The annotations of type {@code name} on {@code element}, whether javac wrapped repeated ones
     * in their {@code container} or not.
     */
    static java.util.List<AnnotationMirror> findRepeated(Elements elements, Element element, String name,
            String container) {
        java.util.List<AnnotationMirror> found = new java.util.ArrayList<>();
        find(element, name).ifPresent(found::add);
        find(element, container).ifPresent(wrapper -> {
            if (value(elements, wrapper, "value").getValue() instanceof java.util.List<?> values) {
                for (Object value : values) {
                    if (((AnnotationValue) value).getValue() instanceof AnnotationMirror mirror) {
                        found.add(mirror);
                    }
                }
            }
        });
        return found;
    }

    /** The value of {@code attribute}, explicit or default. */
    static AnnotationValue value(Elements elements, AnnotationMirror mirror, String attribute) {
        Map<? extends ExecutableElement, ? extends AnnotationValue> values =
                elements.getElementValuesWithDefaults(mirror);
        for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry : values.entrySet()) {
            if (entry.getKey().getSimpleName().contentEquals(attribute)) {
                return entry.getValue();
            }
        }
        throw new IllegalArgumentException(mirror + " has no attribute " + attribute);
    }

    /** The value of the {@code int} attribute {@code attribute}. */
    static int intValue(Elements elements, AnnotationMirror mirror, String attribute) {
        if (value(elements, mirror, attribute).getValue() instanceof Integer value) {
            return value;
        }
        throw new ErroneousSource();
    }

    /** The value of the {@code String} attribute {@code attribute}. */
    static String stringValue(Elements elements, AnnotationMirror mirror, String attribute) {
        if (value(elements, mirror, attribute).getValue() instanceof String value) {
            return value;
        }
        throw new ErroneousSource();
    }

    /**
     * Thrown where the source does not compile (an attribute whose value javac could not
     * resolve): javac reports that itself, so the struct is dropped without another message.
     */
    static final class ErroneousSource extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ErroneousSource() {
            super(null, null, false, false);
        }
    }
}
