package dev.ferrite.processor.schema;

import dev.ferrite.processor.diag.Diagnostic;
import dev.ferrite.processor.diag.Reporter;
import dev.ferrite.processor.layout.RecordLayout;
import dev.ferrite.processor.model.Evolution;
import dev.ferrite.processor.model.FieldModel;
import dev.ferrite.runtime.SchemaFileException;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.schema.document.SchemaFolder;
import dev.ferrite.runtime.struct.FieldDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NavigableMap;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Exports each struct's schema as {@code <location>/<schemaName>/<version>.json}, like Android
 * Room's exported schemas, after checking it against the versions exported before: records
 * written by an exported version must read the same through the new layout. Adding fields
 * with {@code @Since} and appending enum constants are compatible; moving, retyping or
 * dropping an exported field is not, and neither is changing a version that was already
 * exported. A rename ({@code @RenamedFrom}) or removal ({@code @RemovedField}) declared for a
 * later version is accepted: heaps then need {@code ferrite migrate}, so in that case fields may
 * also move and change in the ways the migration converts by itself ({@link
 * dev.ferrite.runtime.schema.document.FieldConversion}: exact widenings, longer arrays, resized fixed
 * strings, enum constants mapped by name).
 */
public final class SchemaExport {
    private final SchemaFolder folder;
    private final Reporter reporter;

    public SchemaExport(Path location, Reporter reporter) {
        this.folder = new SchemaFolder(location);
        this.reporter = reporter;
    }

    /**
     * Checks {@code layout} against the exported versions of its struct and, if it is
     * compatible, exports it. Returns false after reporting errors on {@code element}.
     */
    public boolean export(TypeElement element, RecordLayout layout) {
        SchemaDocument current = SchemaDocuments.of(layout);
        Path file = folder.file(current.schemaName(), current.version());
        NavigableMap<Integer, SchemaDocument> exported;
        try {
            exported = folder.versions(current.schemaName());
        } catch (SchemaFileException e) {
            reporter.error(element, Diagnostic.SCHEMA_FILE, "read", e.file(), e.problem());
            return false;
        }
        int errorsBefore = reporter.errorCount();
        for (SchemaDocument old : exported.values()) {
            if (old.version() < current.version()) {
                checkCompatible(element, layout, old, current);
            } else if (old.version() == current.version()) {
                old.firstDifference(current).ifPresent(difference -> reporter.error(element,
                        Diagnostic.SCHEMA_CHANGED_WITHOUT_VERSION_BUMP, element.getSimpleName(), current.version(),
                        file, difference));
            }
        }
        if (reporter.errorCount() > errorsBefore) {
            return false;
        }
        String json = current.toJson();
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(json)) {
                Files.writeString(file, json, StandardCharsets.UTF_8);
            }
            return true;
        } catch (IOException e) {
            reporter.error(element, Diagnostic.SCHEMA_FILE, "write", file, e);
            return false;
        }
    }

    /**
     * Puts the schema document of {@code layout} among the compiled classes, as the resource
     * {@link SchemaDocument#resourceName}, byte for byte the file {@link #export} writes: a
     * migration plans from it, and refuses classes without it or with another build's. Returns
     * false after reporting an error on {@code element}.
     */
    public static boolean writeResource(Filer filer, TypeElement element, RecordLayout layout, Reporter reporter) {
        SchemaDocument document = SchemaDocuments.of(layout);
        String name = SchemaDocument.resourceName(document.schemaName(), document.version());
        try {
            FileObject resource = filer.createResource(StandardLocation.CLASS_OUTPUT, "", name, element);
            try (OutputStream out = resource.openOutputStream()) {
                out.write(document.toJson().getBytes(StandardCharsets.UTF_8));
            }
            return true;
        } catch (IOException | IllegalArgumentException e) {
            // javac's file manager refuses some relative names with IllegalArgumentException.
            reporter.error(element, Diagnostic.SCHEMA_RESOURCE, name, e);
            return false;
        }
    }

    /**
     * Every field of {@code old} must be in {@code current} unchanged, unless the struct declares
     * a rename or removal since: then the heap needs a migration anyway, and fields may also
     * change in the ways it converts ({@link SchemaDocument#fieldChange}). A field that
     * disappears undeclared is still an error.
     */
    private void checkCompatible(TypeElement element, RecordLayout layout, SchemaDocument old, SchemaDocument current) {
        Evolution evolution = layout.struct().evolution();
        boolean migrates = evolution.changedAfter(old.version());
        for (FieldDescriptor was : old.fields()) {
            Optional<FieldDescriptor> now = current.field(was.name())
                    .or(() -> evolution.renamedInto(was.name(), old.version()).flatMap(current::field));
            if (now.isEmpty() && evolution.removedAfter(was.name(), old.version())) {
                continue;
            }
            Optional<String> problem = now.isEmpty()
                    ? Optional.of("it was dropped; if that is intended, declare @RemovedField(name = \"" + was.name()
                            + "\", since = " + current.version() + ") on the struct, or @RenamedFrom(value = \""
                            + was.name() + "\", since = " + current.version() + ") on its new getter")
                    : SchemaDocument.fieldChange(was, now.get(), migrates);
            if (problem.isPresent()) {
                Element atFault = now.flatMap(field -> getter(element, layout.slot(field.name()).field()))
                        .orElse(element);
                reporter.error(atFault, Diagnostic.SCHEMA_INCOMPATIBLE, element.getSimpleName(), current.version(),
                        was.name(), old.version(), problem.get());
            }
        }
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
