package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The runtime's compiled module descriptor: users see the API and the surface of generated code;
 * the processor, the tool and the test kit also see schema documents, the tool the record header
 * and JSON, the test kit the heap's core (to write records of exported schema versions). FAMS is
 * read by the runtime alone.
 */
class ModuleExportsTest {

    @Test
    void onlyTheApiIsExportedAndSchemaDocumentsOnlyToTheProcessorTheToolAndTheTestKit() throws IOException, URISyntaxException {
        // The runtime's own classes directory: on the class path, other module-info.class files come first.
        Path classes = Path.of(Heap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertEquals("dev.ferrite.runtime", descriptor.name());
        Map<String, Set<String>> exports = new TreeMap<>();
        descriptor.exports().forEach(export -> exports.put(export.source(), export.targets()));
        assertEquals(Map.of(
                "dev.ferrite.runtime", Set.of(),
                "dev.ferrite.runtime.struct", Set.of(),
                "dev.ferrite.runtime.schema.document",
                        Set.of("dev.ferrite.processor", "dev.ferrite.cli", "dev.ferrite.test"),
                // The test kit writes records of exported schema versions into new heaps.
                "dev.ferrite.runtime.heap", Set.of("dev.ferrite.test"),
                // The test kit stores references to the records it writes: offsets with their generations.
                "dev.ferrite.runtime.format", Set.of("dev.ferrite.cli", "dev.ferrite.test"),
                "dev.ferrite.runtime.json", Set.of("dev.ferrite.cli")), exports);
        ModuleDescriptor.Requires fams = descriptor.requires().stream()
                .filter(requires -> requires.name().equals("dev.ferrite.fams")).findFirst().orElseThrow();
        assertEquals(Set.of(ModuleDescriptor.Requires.Modifier.TRANSITIVE), fams.modifiers(),
                "Heap.commit(Durability) names a FAMS type, so users must read the FAMS module");
    }
}
