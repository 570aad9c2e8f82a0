package dev.ferrite.cli;

import dev.ferrite.runtime.struct.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The compiled struct types of an application: every generated {@code *Flyweight} class with a
 * static {@code TYPE} field in the given directories and jars. The runtime's classes come from
 * the tool itself, so the types it loads are the ones its heap understands.
 */
final class StructClasses {
    private static final String SUFFIX = "Flyweight.class";

    private final ClassLoader loader;
    private final List<Path> classPath;
    private final List<StructType<?>> types;

    private StructClasses(ClassLoader loader, List<Path> classPath, List<StructType<?>> types) {
        this.loader = loader;
        this.classPath = classPath;
        this.types = List.copyOf(types);
    }

    /** The struct types found. */
    List<StructType<?>> types() {
        return types;
    }

    /**
     * A new instance of the application's class {@code name}, which must implement {@code type}
     * and have a public constructor without parameters.
     *
     * @throws IllegalArgumentException if it cannot be loaded or made
     */
    <T> T instance(String name, Class<T> type) {
        try {
            Class<?> found = Class.forName(name, true, loader);
            if (!type.isAssignableFrom(found)) {
                throw new IllegalArgumentException(name + " does not implement " + type.getName());
            }
            return type.cast(found.getConstructor().newInstance());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + name + " in --classpath " + classPath, e);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalArgumentException("cannot create a " + name + " (it needs a public constructor without"
                    + " parameters): " + e, e);
        }
    }

    /**
     * Loads the struct types found on {@code classPath}.
     *
     * @throws IllegalArgumentException if an entry does not exist or cannot be read
     */
    static StructClasses load(List<Path> classPath) {
        List<URL> urls = new ArrayList<>();
        TreeSet<String> candidates = new TreeSet<>();
        for (Path entry : classPath) {
            if (!Files.exists(entry)) {
                throw new IllegalArgumentException("--classpath entry " + entry + " does not exist");
            }
            try {
                urls.add(entry.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--classpath entry " + entry + " is not a usable path", e);
            }
            candidates.addAll(Files.isDirectory(entry) ? inDirectory(entry) : inJar(entry));
        }
        // Not closed: the heap uses the loaded flyweights until the tool exits.
        URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), StructClasses.class.getClassLoader());
        List<StructType<?>> types = new ArrayList<>();
        for (String name : candidates) {
            try {
                Class<?> candidate = Class.forName(name, true, loader);
                Field type = candidate.getField("TYPE");
                if (Modifier.isStatic(type.getModifiers()) && type.get(null) instanceof StructType<?> structType) {
                    types.add(structType);
                }
            } catch (NoSuchFieldException e) {
                // A class that merely ends in "Flyweight" is no generated one.
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalArgumentException("cannot load " + name + " from --classpath " + classPath + ": " + e, e);
            }
        }
        return new StructClasses(loader, List.copyOf(classPath), types);
    }

    private static List<String> inDirectory(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(SUFFIX))
                    .map(file -> className(directory.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list --classpath directory " + directory, e);
        }
    }

    private static List<String> inJar(Path jar) {
        List<String> names = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                if (name.endsWith(SUFFIX) && !name.startsWith("META-INF/")) {
                    names.add(className(name));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--classpath entry " + jar + " is neither a directory nor a readable jar: "
                    + e.getMessage(), e);
        }
        return names;
    }

    private static String className(String path) {
        return path.substring(0, path.length() - ".class".length()).replace('/', '.');
    }
}
