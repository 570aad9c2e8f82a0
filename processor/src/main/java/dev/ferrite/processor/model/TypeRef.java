package dev.ferrite.processor.model;

import java.util.List;
import java.util.Objects;

/**
 * A Java type by name: its package and its simple names from the outermost class inward.
 *
 * @param packageName the package, empty for the unnamed package
 * @param simpleNames the simple names, outermost first; never empty
 */
public record TypeRef(String packageName, List<String> simpleNames) {

    public TypeRef {
        Objects.requireNonNull(packageName, "packageName");
        simpleNames = List.copyOf(simpleNames);
        if (simpleNames.isEmpty()) {
            throw new IllegalArgumentException("a type needs a simple name");
        }
    }

    /** The name as written in source: {@code com.acme.Outer.Inner}. */
    public String canonicalName() {
        String nested = String.join(".", simpleNames);
        return packageName.isEmpty() ? nested : packageName + "." + nested;
    }

    /** The innermost simple name. */
    public String simpleName() {
        return simpleNames.getLast();
    }

    /**
     * The generated flyweight of this struct interface, a top-level class in the same package:
     * {@code Account} → {@code AccountFlyweight}, {@code Outer.Inner} → {@code
     * Outer_InnerFlyweight}.
     */
    public TypeRef flyweight() {
        return new TypeRef(packageName, List.of(String.join("_", simpleNames) + "Flyweight"));
    }
}
