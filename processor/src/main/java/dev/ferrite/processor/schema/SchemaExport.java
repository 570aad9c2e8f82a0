package dev.ferrite.processor.schema;

import dev.ferrite.processor.diag.Diagnostic;
import dev.ferrite.processor.diag.Reporter;
import dev.ferrite.processor.layout.RecordLayout;
import dev.ferrite.processor.model.Evolution;
import dev.ferrite.processor.model.FieldModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Exports each struct's schema as {@code <location>/<schemaName>/<version>.json}, like Android
 * Room's exported schemas, after checking it against the versions exported before: records
 * written by an exported version must read the same through the new layout. Adding fields
 * with {@code @Since} and appending enum constants are compatible; moving, retyping or
 * dropping an exported field is not, and neither is changing a version that was already
 * exported. A rename ({@code @RenamedFrom}) or removal ({@code @RemovedField}) declared for a
 * later version is accepted: heaps then need {@code ferrite migrate}, which relocates fields, so
 * in that case fields may also move.
 */
public final class SchemaExport {
    private static final Pattern VERSION_FILE = Pattern.compile("([1-9][0-9]{0,4})\\.json");

    private final Path location;
    private final Reporter reporter;

    public SchemaExport(Path location, Reporter reporter) {
        this.location = location;
        this.reporter = reporter;
    }

    /**
     * Checks {@code layout} against the exported versions of its struct and, if it is
     * compatible, exports it. Returns false after reporting errors on {@code element}.
     */
    public boolean export(TypeElement element, RecordLayout layout) {
        SchemaFile current = SchemaFile.of(layout);
        Path directory = location.resolve(current.schemaName());
        Path file = directory.resolve(current.version() + ".json");
        Optional<Map<Integer, SchemaFile>> exported = readExported(element, directory);
        if (exported.isEmpty()) {
            return false;
        }
        int errorsBefore = reporter.errorCount();
        for (SchemaFile old : exported.get().values()) {
            if (old.version() < current.version()) {
                checkCompatible(element, layout, old, current);
            } else if (old.version() == current.version() && !old.equals(current)) {
                reporter.error(element, Diagnostic.SCHEMA_CHANGED_WITHOUT_VERSION_BUMP, element.getSimpleName(),
                        current.version(), file, firstDifference(old, current));
            }
        }
        if (reporter.errorCount() > errorsBefore) {
            return false;
        }
        String json = current.toJson();
        try {
            Files.createDirectories(directory);
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(json)) {
                Files.writeString(file, json, StandardCharsets.UTF_8);
            }
            return true;
        } catch (IOException e) {
            reporter.error(element, Diagnostic.SCHEMA_FILE, "write", file, e);
            return false;
        }
    }

    /** The exported versions by number, or empty after reporting an unreadable file. */
    private Optional<Map<Integer, SchemaFile>> readExported(TypeElement element, Path directory) {
        Map<Integer, SchemaFile> exported = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return Optional.of(exported);
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                var name = VERSION_FILE.matcher(file.getFileName().toString());
                if (!name.matches()) {
                    continue;
                }
                SchemaFile schema;
                try {
                    schema = SchemaFile.parse(Files.readString(file, StandardCharsets.UTF_8));
                } catch (Json.ParseException e) {
                    reporter.error(element, Diagnostic.SCHEMA_FILE, "read", file, e.getMessage());
                    return Optional.empty();
                }
                int version = Integer.parseInt(name.group(1));
                if (schema.version() != version) {
                    reporter.error(element, Diagnostic.SCHEMA_FILE, "read", file,
                            "it holds version " + schema.version() + ", not " + version);
                    return Optional.empty();
                }
                exported.put(version, schema);
            }
        } catch (IOException e) {
            reporter.error(element, Diagnostic.SCHEMA_FILE, "read", directory, e);
            return Optional.empty();
        }
        return Optional.of(exported);
    }

    /**
     * Every field of {@code old} must be in {@code current} unchanged, unless the struct declares
     * it renamed or removed since: then the heap needs a migration anyway, which relocates fields,
     * so fields may also move. A field that disappears undeclared is still an error.
     */
    private void checkCompatible(TypeElement element, RecordLayout layout, SchemaFile old, SchemaFile current) {
        Evolution evolution = layout.struct().evolution();
        boolean migrates = evolution.changedAfter(old.version());
        for (SchemaFile.Field was : old.fields()) {
            SchemaFile.Field now = current.field(was.name());
            if (now == null) {
                now = evolution.renamedInto(was.name(), old.version()).map(current::field).orElse(null);
            }
            if (now == null && evolution.removedAfter(was.name(), old.version())) {
                continue;
            }
            String problem = now == null
                    ? "it was dropped; if that is intended, declare @RemovedField(name = \"" + was.name()
                            + "\", since = " + current.version() + ") on the struct, or @RenamedFrom(value = \""
                            + was.name() + "\", since = " + current.version() + ") on its new getter"
                    : problem(was, now, migrates);
            if (problem != null) {
                Element atFault = now == null
                        ? element
                        : getter(element, layout.slot(now.name()).field()).orElse(element);
                reporter.error(atFault, Diagnostic.SCHEMA_INCOMPATIBLE, element.getSimpleName(), current.version(),
                        was.name(), old.version(), problem);
            }
        }
    }

    /**
     * What changed about a field, or null if nothing that matters to existing records did; a move
     * matters unless the records are migrated anyway.
     */
    private static String problem(SchemaFile.Field was, SchemaFile.Field now, boolean migrates) {
        if (now == null) {
            return "it was dropped";
        }
        if (!was.shape().equals(now.shape())) {
            return "retyped from " + was.shape() + " to " + now.shape();
        }
        if (was.offset() != now.offset() && !migrates) {
            return "moved from offset " + was.offset() + " to " + now.offset();
        }
        if (was.since() != now.since()) {
            return "its @Since changed from " + was.since() + " to " + now.since();
        }
        if (!now.constants().subList(0, Math.min(now.constants().size(), was.constants().size()))
                .equals(was.constants())) {
            return "enum constants " + was.constants() + " became " + now.constants()
                    + "; constants may only be appended";
        }
        return null;
    }

    private static String firstDifference(SchemaFile old, SchemaFile current) {
        if (old.size() != current.size() || old.reserve() != current.reserve()) {
            return "size " + old.size() + " and reserve " + old.reserve() + " became size " + current.size()
                    + " and reserve " + current.reserve();
        }
        for (SchemaFile.Field was : old.fields()) {
            String problem = problem(was, current.field(was.name()), false);
            if (problem != null) {
                return "field \"" + was.name() + "\": " + problem;
            }
        }
        for (SchemaFile.Field now : current.fields()) {
            if (old.field(now.name()) == null) {
                return "field \"" + now.name() + "\" was added";
            }
        }
        if (!old.removed().equals(current.removed())) {
            return "the removed fields " + old.removed() + " became " + current.removed();
        }
        for (SchemaFile.Field now : current.fields()) {
            SchemaFile.Field was = old.field(now.name());
            if (!was.renamedFrom().equals(now.renamedFrom())) {
                return "field \"" + now.name() + "\" changed its declared rename";
            }
        }
        return "the fields changed order";
    }

    /** The getter of {@code field}, to point the error at. */
    private static Optional<Element> getter(TypeElement element, FieldModel field) {
        int parameters = field.isArray() ? 1 : 0;
        return ElementFilter.methodsIn(element.getEnclosedElements()).stream()
                .filter(method -> method.getSimpleName().contentEquals(field.getter())
                        && method.getParameters().size() == parameters)
                .map(Element.class::cast)
                .findFirst();
    }
}
