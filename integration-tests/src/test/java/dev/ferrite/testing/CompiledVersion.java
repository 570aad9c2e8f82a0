package dev.ferrite.testing;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.ferrite.runtime.struct.StructType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/**
 * One version of the test's structs, compiled with the processor into its own directory and
 * loaded by its own class loader, so that several versions of the same interfaces live side by
 * side in one JVM (and the directory can be handed to {@code ferrite migrate --classpath}).
 * Records are used through reflection, since no version is known to the test at compile time.
 */
public final class CompiledVersion {
    private static final String OUTPUT = "/CLASS_OUTPUT/";

    private final Path classes;
    private final ClassLoader loader;

    private CompiledVersion(Path classes) {
        this.classes = classes;
        try {
            this.loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, CompiledVersion.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles {@code sources} (qualified name to text) into {@code directory}, exporting their
     * schemas to {@code schemaLocation} unless it is null.
     */
    public static CompiledVersion compile(Path directory, Map<String, String> sources, Path schemaLocation) {
        List<String> options = schemaLocation == null ? List.of() : List.of("-Aferrite.schemaLocation=" + schemaLocation);
        return compileWithOptions(directory, sources, options);
    }

    /** Compiles {@code sources} (qualified name to text) into {@code directory} with the javac {@code options}. */
    public static CompiledVersion compileWithOptions(Path directory, Map<String, String> sources, List<String> options) {
        List<JavaFileObject> files = new ArrayList<>();
        sources.forEach((name, text) -> files.add(JavaFileObjects.forSourceString(name, text)));
        Compilation compilation = javac().withProcessors(processor()).withOptions(options).compile(files);
        assertEquals(Compilation.Status.SUCCESS, compilation.status(), () -> compilation.diagnostics().toString());
        try {
            for (JavaFileObject file : compilation.generatedFiles()) {
                // Classes and the schema documents the processor puts beside them.
                if (file.getName().startsWith(OUTPUT)) {
                    Path target = directory.resolve(file.getName().substring(OUTPUT.length()));
                    Files.createDirectories(target.getParent());
                    try (InputStream in = file.openInputStream()) {
                        Files.write(target, in.readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CompiledVersion(directory);
    }

    /** The Ferrite processor, found as javac would find it: through its service registration. */
    private static Processor processor() {
        return ServiceLoader.load(Processor.class).stream()
                .filter(provider -> provider.type().getName().equals("dev.ferrite.processor.FerriteProcessor"))
                .findFirst().orElseThrow(() -> new IllegalStateException("ferrite-processor is not on the test class path"))
                .get();
    }

    /** A new temporary directory, deleted with everything in it when the JVM exits. */
    public static Path temporaryDirectory(String prefix) {
        Path created;
        try {
            created = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(created)));
        return created;
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary directory is harmless.
        }
    }

    /** Loads the compiled classes of {@code directory} in a new class loader. */
    public static CompiledVersion load(Path directory) {
        return new CompiledVersion(directory);
    }

    public Path classes() {
        return classes;
    }

    public Class<?> type(String name) {
        try {
            return loader.loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public StructType<?> structType(String interfaceName) {
        return StructType.of(type(interfaceName));
    }

    /** The constant {@code name} of the enum {@code enumName} of this version. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object constant(String enumName, String name) {
        return Enum.valueOf((Class) type(enumName), name);
    }

    /** Calls the accessor {@code name} with {@code args} on the record {@code target}. */
    public static Object call(Object target, String name, Object... args) {
        for (Class<?> type : target.getClass().getInterfaces()) {
            for (Method method : type.getMethods()) {
                if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                    try {
                        return method.invoke(target, args);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException("calling " + name + " on " + target, e);
                    }
                }
            }
        }
        throw new IllegalArgumentException(target.getClass() + " has no accessor " + name + " taking " + args.length);
    }
}
