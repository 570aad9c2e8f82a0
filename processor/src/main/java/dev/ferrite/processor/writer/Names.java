package dev.ferrite.processor.writer;

import com.palantir.javapoet.ClassName;
import dev.ferrite.processor.model.TypeRef;

/** Java names derived from the model. */
final class Names {
    private Names() {}

    static ClassName className(TypeRef type) {
        return ClassName.get(
                type.packageName(),
                type.simpleNames().getFirst(),
                type.simpleNames().subList(1, type.simpleNames().size()).toArray(String[]::new));
    }

    /** {@code interestRate} → {@code INTEREST_RATE}; {@code homeURL} → {@code HOME_URL}. */
    static String constantCase(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean upper = Character.isUpperCase(c);
            if (i > 0 && upper) {
                char previous = name.charAt(i - 1);
                boolean nextLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                if (Character.isLowerCase(previous) || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextLower)) {
                    out.append('_');
                }
            }
            out.append(Character.toUpperCase(c));
        }
        return out.toString();
    }

    /** The name of the constant holding the offset of {@code field}. */
    static String offsetConstant(String field) {
        return "OFFSET_" + constantCase(field);
    }
}
