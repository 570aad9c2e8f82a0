package dev.ferrite.bench.migrate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import javax.annotation.processing.Processor;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Versions of one struct, {@code bench.Position}, compiled with the Ferrite processor at run time
 * into directories of their own: one build cannot hold two versions of the same struct, a
 * migration needs two.
 * <ul>
 *   <li>v1: the layout the heap is written with, with a reserve.</li>
 *   <li>v2 "in reserve": adds a field inside the reserve — the catalog changes, no record does.</li>
 *   <li>v2 "in place": widens {@code qty} from int to long into its padding — same size, every
 *       record rewritten where it is.</li>
 *   <li>v3 "relocating": adds an array that outgrows the reserve — every record moves.</li>
 * </ul>
 */
final class PositionVersions {
    static final String V1 = """
            @PersistentStruct(version = 1, reserve = 16, name = "bench.Position")
            public interface Position {
                long id(); void id(long v);
                int qty(); void qty(int v);
                double price(); void price(double v);
                long account(); void account(long v);
                @FixedString(8) String symbol(); void symbol(String v);
            }
            """;
    static final String IN_RESERVE = """
            @PersistentStruct(version = 2, reserve = 16, name = "bench.Position")
            public interface Position {
                long id(); void id(long v);
                int qty(); void qty(int v);
                double price(); void price(double v);
                long account(); void account(long v);
                @FixedString(8) String symbol(); void symbol(String v);
                @Since(2) int flags(); void flags(int v);
            }
            """;
    static final String IN_PLACE = """
            @PersistentStruct(version = 2, reserve = 16, name = "bench.Position")
            public interface Position {
                long id(); void id(long v);
                long qty(); void qty(long v);
                double price(); void price(double v);
                long account(); void account(long v);
                @FixedString(8) String symbol(); void symbol(String v);
            }
            """;
    static final String RELOCATING = """
            @PersistentStruct(version = 3, reserve = 16, name = "bench.Position")
            public interface Position {
                long id(); void id(long v);
                int qty(); void qty(int v);
                double price(); void price(double v);
                long account(); void account(long v);
                @FixedString(8) String symbol(); void symbol(String v);
                @Since(3) @Array(length = 8) long history(int i); void history(int i, long v);
            }
            """;

    private PositionVersions() {}

    /** Compiles {@code body} (the interface {@code bench.Position}) into {@code directory} and loads it. */
    static Class<?> compile(Path directory, String body) {
        String source = "package bench;\nimport dev.ferrite.annotations.*;\n" + body;
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
            Files.createDirectories(directory);
            JavaFileObject file = new SimpleJavaFileObject(java.net.URI.create("string:///bench/Position.java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            };
            List<String> options = new ArrayList<>(List.of("-d", directory.toString(), "-classpath",
                    System.getProperty("java.class.path")));
            JavaCompiler.CompilationTask task = compiler.getTask(null, files, null, options, null, List.of(file));
            task.setProcessors(List.of(processor()));
            if (!task.call()) {
                throw new IllegalStateException("bench.Position did not compile:\n" + source);
            }
            URLClassLoader loader = new URLClassLoader(new URL[] {directory.toUri().toURL()},
                    PositionVersions.class.getClassLoader());
            return loader.loadClass("bench.Position");
        } catch (MalformedURLException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Processor processor() {
        return ServiceLoader.load(Processor.class).stream()
                .filter(provider -> provider.type().getName().equals("dev.ferrite.processor.FerriteProcessor"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("ferrite-processor must be on the class path"))
                .get();
    }
}
