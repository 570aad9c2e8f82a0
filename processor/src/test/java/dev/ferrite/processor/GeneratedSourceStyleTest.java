package dev.ferrite.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Generated code is read in IDEs, so it is held to what a person would write: short lines, one
 * check where one is needed, nothing declared twice. Each rule is checked on the reviewed golden
 * files and on every source generated from the fixtures and from a struct with long names.
 */
class GeneratedSourceStyleTest {
    private static final int MAX_LINE = 120;
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Pattern ARRAY_ACCESSOR =
            Pattern.compile("^    public \\S+ (\\w+)\\(int index(, [^)]*)?\\) \\{$");
    private static final Pattern PADDING_NAME = Pattern.compile("paddingLayout\\(\\d+L\\)\\.withName\\(\"([^\"]+)\"\\)");
    private static final Pattern VALUES_CALL = Pattern.compile("([\\w.]+)\\.values\\(\\)");

    /** A struct whose names are long, as real ones are, with arrays of every kind, versions and renames. */
    private static final JavaFileObject LONG_NAMES = Compilations.source(
            "com.example.warehouse.inventory.ShipmentConsignment",
            "package com.example.warehouse.inventory;",
            "import dev.ferrite.annotations.*;",
            "@RemovedField(name = \"legacyCarrierIdentifier\", since = 2)",
            "@PersistentStruct(version = 3, reserve = 96,",
            "        name = \"com.example.warehouse.inventory.management.ShipmentConsignmentRecord\")",
            "public interface ShipmentConsignment {",
            "    enum ConsignmentFulfilmentStatus { AWAITING_PICKING, PICKED_AND_PACKED, DISPATCHED_TO_CARRIER,",
            "        DELIVERED_TO_CONSIGNEE, RETURNED_TO_SENDER_AFTER_FAILED_DELIVERY_ATTEMPTS }",
            "    long consignmentIdentifier(); void consignmentIdentifier(long v);",
            "    @Array(length = 12) ConsignmentFulfilmentStatus fulfilmentStatusHistory(int index);",
            "    void fulfilmentStatusHistory(int index, ConsignmentFulfilmentStatus v);",
            "    ConsignmentFulfilmentStatus currentFulfilmentStatus();",
            "    void currentFulfilmentStatus(ConsignmentFulfilmentStatus v);",
            "    @Array(length = 3) ShipmentConsignment relatedShipmentConsignments(int index);",
            "    void relatedShipmentConsignments(int index, ShipmentConsignment v);",
            "    @Array(length = 4) String consigneeDeliveryInstructionNotes(int index);",
            "    void consigneeDeliveryInstructionNotes(int index, String v);",
            "    @Since(2) @Array(length = 4) @FixedString(40) String alternativeDeliveryAddresses(int index);",
            "    void alternativeDeliveryAddresses(int index, String v);",
            "    @Since(2) @Array(length = 6) ConsignmentFulfilmentStatus carrierReportedStatusHistory(int index);",
            "    void carrierReportedStatusHistory(int index, ConsignmentFulfilmentStatus v);",
            "    @Since(2) @RenamedFrom(value = \"declaredWeightInGrams\", since = 3)",
            "    @Array(length = 2) double declaredConsignmentWeightInKilograms(int index);",
            "    void declaredConsignmentWeightInKilograms(int index, double v);",
            "}");

    private static Map<String, List<String>> sources;

    /** The golden files and every source the fixtures and the long-named struct generate, by name. */
    private static synchronized Map<String, List<String>> sources() {
        if (sources == null) {
            sources = readSources();
        }
        return sources;
    }

    private static Map<String, List<String>> readSources() {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(GOLDEN)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                sources.put("golden " + GOLDEN.relativize(file), Files.readAllLines(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFalse(sources.isEmpty(), "no golden files under " + GOLDEN.toAbsolutePath());
        Compilation longNames = Compilations.compile(LONG_NAMES);
        GeneratedClasses.of(longNames);
        for (Compilation compilation : List.of(GeneratedClasses.fixtures().compilation(), longNames)) {
            for (JavaFileObject file : compilation.generatedSourceFiles()) {
                try {
                    sources.put(file.getName(), file.getCharContent(false).toString().lines().toList());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return sources;
    }

    @Test
    void noGeneratedLineIsLongerThan120Characters() {
        List<String> tooLong = new ArrayList<>();
        sources().forEach((name, lines) -> {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).length() > MAX_LINE) {
                    tooLong.add(name + ":" + (i + 1) + " (" + lines.get(i).length() + "): " + lines.get(i));
                }
            }
        });
        assertEquals(List.of(), tooLong, "lines longer than " + MAX_LINE + " characters");
    }

    @Test
    void everyPaddingMemberOfLayoutHasItsOwnName() {
        sources().forEach((name, lines) -> {
            Set<String> seen = new HashSet<>();
            for (String line : layoutMembers(lines)) {
                Matcher padding = PADDING_NAME.matcher(line);
                if (padding.find()) {
                    assertTrue(seen.add(padding.group(1)), name + ": a second padding called " + padding.group(1));
                }
            }
        });
    }

    @Test
    void eachEnumsConstantsAreCachedOncePerClass() {
        sources().forEach((name, lines) -> {
            Set<String> seen = new HashSet<>();
            for (String line : lines) {
                Matcher values = VALUES_CALL.matcher(line);
                while (values.find()) {
                    assertTrue(seen.add(values.group(1)), name + ": " + values.group(1) + ".values() a second time");
                }
            }
        });
    }

    @Test
    void everyArrayAccessorChecksItsIndexOnceAndToStringNever() {
        sources().forEach((name, lines) -> {
            int accessors = 0;
            for (int i = 0; i < lines.size(); i++) {
                Matcher accessor = ARRAY_ACCESSOR.matcher(lines.get(i));
                if (accessor.matches()) {
                    accessors++;
                    assertEquals(1, checks(body(lines, i)), name + ": index checks in " + lines.get(i).strip());
                }
                if (lines.get(i).equals("    public String toString() {")) {
                    assertEquals(0, checks(body(lines, i)), name + ": toString() loops within the bounds");
                }
            }
            if (name.contains("Everything") || name.contains("ShipmentConsignment")) {
                assertTrue(accessors >= 8, name + ": found only " + accessors + " array accessors");
            }
        });
    }

    @Test
    void theTypeIdIsWrittenOnceAsANamedConstant() {
        Pattern hex = Pattern.compile("\\b0x[0-9a-f]{8}\\b");
        sources().forEach((name, lines) -> {
            List<String> literals = lines.stream()
                    .filter(line -> !line.strip().startsWith("*") && hex.matcher(line).find())
                    .toList();
            assertEquals(1, literals.size(), name + ": type id literals outside the Javadoc: " + literals);
            assertTrue(literals.getFirst().startsWith("    public static final int TYPE_ID = 0x"), literals.getFirst());
            assertTrue(lines.contains("            TYPE_ID,"), name + ": TYPE is built with TYPE_ID");
        });
    }

    /** The lines of the {@code LAYOUT} initializer that are its own members, not members of nested layouts. */
    private static List<String> layoutMembers(List<String> lines) {
        int start = lines.indexOf(lines.stream()
                .filter(line -> line.startsWith("    public static final StructLayout LAYOUT = "))
                .findFirst()
                .orElseThrow());
        List<String> members = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i - 1).endsWith(";"); i++) {
            if (lines.get(i).startsWith("            ") && !lines.get(i).startsWith("             ")) {
                members.add(lines.get(i));
            }
        }
        return members;
    }

    /** The lines of the method whose signature is at {@code start}, up to its closing brace. */
    private static List<String> body(List<String> lines, int start) {
        int end = start + 1;
        while (!lines.get(end).equals("    }")) {
            end++;
        }
        return lines.subList(start + 1, end);
    }

    private static long checks(List<String> body) {
        return body.stream().mapToLong(line -> line.split("checkIndex\\(", -1).length - 1).sum();
    }
}
