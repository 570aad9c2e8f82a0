package dev.ferrite.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.google.testing.compile.Compilation;
import dev.ferrite.runtime.struct.StructType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * The fixture structs compiled once with the processor, with their generated flyweights loaded
 * from the compilation's output. The interfaces themselves resolve to the test's own classes
 * (the loader asks its parent first), so tests use them with static types.
 */
final class GeneratedClasses extends ClassLoader {
    private static final String OUTPUT = "/CLASS_OUTPUT/";
    private static GeneratedClasses fixtures;

    private final Map<String, byte[]> classes = new HashMap<>();

    private GeneratedClasses(Compilation compilation) {
        super(GeneratedClasses.class.getClassLoader());
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() == JavaFileObject.Kind.CLASS && file.getName().startsWith(OUTPUT)) {
                String name = file.getName().substring(OUTPUT.length()).replace(".class", "").replace('/', '.');
                try (InputStream in = file.openInputStream()) {
                    classes.put(name, in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    /** The compilation of all fixtures, shared by every test of the run. */
    static synchronized GeneratedClasses fixtures() {
        if (fixtures == null) {
            Compilation compilation = Compilations.compile(
                    Compilations.fixtures("Color", "Point", "Node", "Everything", "Outer", "Legacy"));
            assertWithMessage("fixtures compile without errors or warnings: %s", compilation.diagnostics())
                    .that(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
            assertWithMessage("warnings: %s", compilation.warnings()).that(compilation.warnings()).isEmpty();
            fixtures = new GeneratedClasses(compilation);
            fixtures.compilation = compilation;
        }
        return fixtures;
    }

    private Compilation compilation;

    /** The compilation the classes came from. */
    Compilation compilation() {
        return compilation;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
    }

    /** The generated flyweight class of {@code struct}. */
    Class<?> flyweightOf(Class<?> struct) throws ClassNotFoundException {
        String simple = struct.getEnclosingClass() == null
                ? struct.getSimpleName()
                : struct.getEnclosingClass().getSimpleName() + "_" + struct.getSimpleName();
        return loadClass(struct.getPackageName() + "." + simple + "Flyweight");
    }

    /** The {@code TYPE} of {@code struct}'s generated flyweight. */
    @SuppressWarnings("unchecked")
    <T> StructType<T> typeOf(Class<T> struct) {
        try {
            return (StructType<T>) flyweightOf(struct).getField("TYPE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no generated TYPE for " + struct.getName(), e);
        }
    }

    /** A {@code public static final} constant of {@code struct}'s generated flyweight. */
    Object constant(Class<?> struct, String name) {
        try {
            return flyweightOf(struct).getField(name).get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("no constant " + name + " in the flyweight of " + struct.getName(), e);
        }
    }
}
