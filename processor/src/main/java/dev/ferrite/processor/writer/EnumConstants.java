package dev.ferrite.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import dev.ferrite.processor.model.FieldType;
import dev.ferrite.processor.model.TypeRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * The cached {@code values()} arrays of one flyweight: one per enum type, however many fields use
 * it. {@code values()} clones its array on every call, and decoding a field must not allocate.
 */
final class EnumConstants {
    private final Map<TypeRef, String> names = new LinkedHashMap<>();
    private final Set<String> taken = new HashSet<>();

    /**
     * The name of the array of {@code type}'s constants, after its simple name: {@code
     * COLOR_CONSTANTS}; {@code COLOR_CONSTANTS2} for a second enum called {@code Color}.
     */
    String nameOf(FieldType.EnumType type) {
        return names.computeIfAbsent(type.type(), ref -> {
            String base = Names.constantCase(ref.simpleNames().getLast()) + "_CONSTANTS";
            String name = base;
            for (int n = 2; !taken.add(name); n++) {
                name = base + n;
            }
            return name;
        });
    }

    /** The arrays' declarations, in the order their types were first named. */
    List<FieldSpec> fields() {
        List<FieldSpec> fields = new ArrayList<>();
        names.forEach((type, name) -> {
            ClassName enumType = Names.className(type);
            fields.add(FieldSpec.builder(ArrayTypeName.of(enumType), name, Modifier.PRIVATE, Modifier.STATIC,
                            Modifier.FINAL)
                    .initializer("$Z$T.values()", enumType)
                    .build());
        });
        return fields;
    }
}
