package dev.ferrite.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Compiles sources with the processor, every lint warning an error, as a strict user build would. */
final class Compilations {
    /** The fixture interfaces, compiled by the tests instead of by the build. */
    static final Path FIXTURES = Path.of("src/test/java/dev/ferrite/processor/fixtures");

    private Compilations() {}

    static Compiler compiler(String... extraOptions) {
        List<String> options = new ArrayList<>(List.of("-Xlint:all", "-Werror"));
        options.addAll(List.of(extraOptions));
        return javac().withProcessors(new FerriteProcessor()).withOptions(options);
    }

    static Compilation compile(JavaFileObject... sources) {
        return compiler().compile(sources);
    }

    /** A source file from one class's lines. */
    static JavaFileObject source(String qualifiedName, String... lines) {
        return JavaFileObjects.forSourceLines(qualifiedName, lines);
    }

    /** The fixture sources called {@code simpleNames}, from {@link #FIXTURES}. */
    static JavaFileObject[] fixtures(String... simpleNames) {
        List<JavaFileObject> sources = new ArrayList<>();
        for (String name : simpleNames) {
            Path file = FIXTURES.resolve(name + ".java");
            try {
                sources.add(JavaFileObjects.forSourceString(
                        "dev.ferrite.processor.fixtures." + name, Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read fixture " + file.toAbsolutePath(), e);
            }
        }
        return sources.toArray(JavaFileObject[]::new);
    }
}
