package dev.ferrite.runtime.schema.document;

import dev.ferrite.runtime.SchemaFileException;
import dev.ferrite.runtime.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A folder of exported schemas, as {@code -Aferrite.schemaLocation} writes it: {@code
 * <folder>/<schemaName>/<version>.json}. Other files are not schemas and are left alone, so the
 * folder can hold a README.
 */
public final class SchemaFolder {
    private static final Pattern VERSION_FILE = Pattern.compile("([1-9][0-9]{0,4})\\.json");

    private final Path folder;

    /** The folder at {@code folder}, which need not exist: it then holds no schemas. */
    public SchemaFolder(Path folder) {
        this.folder = folder;
    }

    /** The directory that holds the versions of {@code schemaName}, whether it exists or not. */
    public Path directory(String schemaName) {
        return folder.resolve(schemaName);
    }

    /** The file that holds version {@code version} of {@code schemaName}, whether it exists or not. */
    public Path file(String schemaName, int version) {
        return directory(schemaName).resolve(version + ".json");
    }

    /**
     * The exported versions of {@code schemaName}, by version; empty if it has none.
     *
     * @throws SchemaFileException naming the file that is unreadable, malformed, or holds another
     *     schema or version than its name says
     */
    public NavigableMap<Integer, SchemaDocument> versions(String schemaName) throws SchemaFileException {
        NavigableMap<Integer, SchemaDocument> versions = new TreeMap<>();
        Path directory = directory(schemaName);
        if (!Files.isDirectory(directory)) {
            return versions;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                Matcher name = VERSION_FILE.matcher(file.getFileName().toString());
                if (name.matches()) {
                    versions.put(Integer.parseInt(name.group(1)), read(file, schemaName, Integer.parseInt(name.group(1))));
                }
            }
        } catch (IOException e) {
            throw new SchemaFileException(directory, e.toString(), e);
        }
        return Collections.unmodifiableNavigableMap(versions);
    }

    /** The newest exported version of {@code schemaName}, or empty if it has none. */
    public Optional<SchemaDocument> newest(String schemaName) throws SchemaFileException {
        return Optional.ofNullable(versions(schemaName).lastEntry()).map(Map.Entry::getValue);
    }

    /** Version {@code version} of {@code schemaName}, or empty if it was not exported. */
    public Optional<SchemaDocument> version(String schemaName, int version) throws SchemaFileException {
        Path file = file(schemaName, version);
        return Files.exists(file) ? Optional.of(read(file, schemaName, version)) : Optional.empty();
    }

    private static SchemaDocument read(Path file, String schemaName, int version) throws SchemaFileException {
        SchemaDocument schema;
        try {
            schema = SchemaDocument.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaFileException(file, e.toString(), e);
        } catch (Json.ParseException e) {
            throw new SchemaFileException(file, e.getMessage(), e);
        }
        if (!schema.schemaName().equals(schemaName) || schema.version() != version) {
            throw new SchemaFileException(file, "it holds " + schema.schemaName() + " version " + schema.version()
                    + ", not " + schemaName + " version " + version, null);
        }
        return schema;
    }
}
