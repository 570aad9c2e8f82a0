package dev.ferrite.runtime.migrate;

import dev.ferrite.runtime.schema.TypeEntry;
import dev.ferrite.runtime.json.Json;
import dev.ferrite.runtime.schema.document.SchemaDocument;
import dev.ferrite.runtime.struct.StructType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The targets of compiled types, each read from the schema document its build put beside its
 * classes ({@link SchemaDocument#resourceName}): a plan is computed from exported documents
 * whether they come from a schema folder or from the classes. A document that is missing, or
 * that is not what the compiled type describes (the classes and the resource come from
 * different builds), is a problem, and its type is not planned.
 */
public final class CompiledTargets {
    private CompiledTargets() {}

    /**
     * The targets of those {@code types} that {@code catalog} stores (the others plan nothing),
     * adding to {@code problems} why a type has none.
     */
    public static List<MigrationTarget> of(Collection<? extends StructType<?>> types, List<TypeEntry> catalog,
            List<String> problems) {
        Set<Integer> stored = catalog.stream().map(TypeEntry::typeId).collect(Collectors.toSet());
        List<MigrationTarget> targets = new ArrayList<>();
        for (StructType<?> type : types) {
            if (stored.contains(type.typeId())) {
                exported(type, problems).ifPresent(document -> targets.add(new MigrationTarget(document, Optional.of(type))));
            }
        }
        return targets;
    }

    private static Optional<SchemaDocument> exported(StructType<?> type, List<String> problems) {
        String resource = SchemaDocument.resourceName(type.schemaName(), type.version());
        String compiled = type.schemaName() + " version " + type.version() + " (" + type.javaType().getName() + ")";
        ClassLoader loader = type.javaType().getClassLoader();
        URL url = loader == null ? ClassLoader.getSystemResource(resource) : loader.getResource(resource);
        if (url == null) {
            problems.add("the compiled " + compiled + " has no schema document " + resource + " beside its classes:"
                    + " compile it with ferrite-processor, which puts the document there, and keep it in the jar");
            return Optional.empty();
        }
        SchemaDocument document;
        try (InputStream in = url.openStream()) {
            document = SchemaDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.add("cannot read " + url + ", the schema document of the compiled " + compiled + ": " + e);
            return Optional.empty();
        } catch (Json.ParseException e) {
            problems.add(url + ", the schema document of the compiled " + compiled + ", is malformed: " + e.getMessage());
            return Optional.empty();
        }
        Optional<String> difference = document.firstDifference(SchemaDocument.of(type));
        if (difference.isPresent()) {
            problems.add(url + " is not the schema of the compiled " + compiled + ": " + difference.get()
                    + "; the classes and their schema document come from different builds: rebuild the application");
            return Optional.empty();
        }
        return Optional.of(document);
    }
}
