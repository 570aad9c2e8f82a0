package dev.ferrite.runtime;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import dev.ferrite.runtime.migrate.TypeAction;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The package structure of the runtime, kept by the build. From the top:
 * <ul>
 *   <li>the public package ({@code Heap}, the collections, {@code Migration}, {@code HeapVerifier});</li>
 *   <li>{@code verify} and {@code migrate}, which read and rewrite a whole heap;</li>
 *   <li>{@code collection}, the sorted maps and lists inside a heap;</li>
 *   <li>{@code heap}, the heap inside its memory: catalog, roots, strings;</li>
 *   <li>{@code alloc}, the allocator; {@code schema} with {@code schema.document}, {@code root}, {@code json};</li>
 *   <li>{@code memory}, the heap's bytes and fixed layout;</li>
 *   <li>{@code struct}, the surface of generated code, exported;</li>
 *   <li>{@code format}, the record header, which depends on nothing.</li>
 * </ul>
 * Internal packages use nothing of the public package but its <em>values</em>: the exceptions,
 * {@link VerifyReport} and {@link MigrationHook}, which depend on nothing of the runtime.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.ferrite.runtime";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    private static final Set<Class<?>> VALUE_TYPES = Set.of(VerifyReport.class, MigrationHook.class);

    /** The classes of the public package that internal packages may use. */
    static final DescribedPredicate<JavaClass> VALUES = describe(
            "the exceptions, VerifyReport and MigrationHook of " + ROOT,
            type -> inPublicPackage(type) && (type.getBaseComponentType().isAssignableTo(FerriteException.class)
                    || VALUE_TYPES.stream().anyMatch(value -> isOrIsNestedIn(type, value))));

    private static final DescribedPredicate<JavaClass> FACADE = describe("the rest of " + ROOT,
            type -> inPublicPackage(type) && !VALUES.test(type));

    private static final DescribedPredicate<JavaClass> OUTSIDE_FERRITE = describe("outside Ferrite",
            type -> !type.getBaseComponentType().getPackageName().startsWith("dev.ferrite."));

    private static boolean inPublicPackage(JavaClass type) {
        return type.getBaseComponentType().getPackageName().equals(ROOT);
    }

    private static boolean isOrIsNestedIn(JavaClass type, Class<?> outer) {
        String name = type.getBaseComponentType().getName();
        return name.equals(outer.getName()) || name.startsWith(outer.getName() + "$");
    }

    @Test
    void internalPackagesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /** Every package is a slice, the public one split into its values and the rest. */
    @Test
    void noPackageCycleThroughThePublicPackage() {
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass type) {
                if (VALUES.test(type)) {
                    return SliceIdentifier.of("public values");
                }
                if (FACADE.test(type)) {
                    return SliceIdentifier.of("public package");
                }
                String name = type.getBaseComponentType().getPackageName();
                return name.startsWith(ROOT + ".") ? SliceIdentifier.of(name.substring(ROOT.length() + 1))
                        : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of the runtime";
            }
        }).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void layersDependDownwardOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage("dev.ferrite..")
                .layer("Public").definedBy(FACADE)
                .layer("Values").definedBy(VALUES)
                .layer("Tools").definedBy(ROOT + ".verify..", ROOT + ".migrate..", ROOT + ".compact..")
                .layer("Collections").definedBy(ROOT + ".collection..")
                .layer("Heap").definedBy(ROOT + ".heap..")
                .layer("Parts").definedBy(ROOT + ".alloc..", ROOT + ".schema..", ROOT + ".root..", ROOT + ".json..")
                .layer("Memory").definedBy(ROOT + ".memory..")
                .layer("Struct").definedBy(ROOT + ".struct..")
                .layer("Format").definedBy(ROOT + ".format..")
                .whereLayer("Public").mayNotBeAccessedByAnyLayer()
                .whereLayer("Tools").mayOnlyBeAccessedByLayers("Public")
                .whereLayer("Collections").mayOnlyBeAccessedByLayers("Public", "Tools")
                .whereLayer("Heap").mayOnlyBeAccessedByLayers("Public", "Tools", "Collections")
                .whereLayer("Parts").mayOnlyBeAccessedByLayers("Public", "Tools", "Collections", "Heap", "Parts")
                .whereLayer("Memory").mayOnlyBeAccessedByLayers("Public", "Tools", "Collections", "Heap", "Parts")
                .whereLayer("Struct").mayOnlyBeAccessedByLayers(
                        "Public", "Tools", "Collections", "Heap", "Parts", "Memory")
                .check(CLASSES);
    }

    @Test
    void publicValuesDependOnNothingOfTheRuntime() {
        classes().that(VALUES).should().onlyDependOnClassesThat(VALUES.or(OUTSIDE_FERRITE)).check(CLASSES);
    }

    /** Generated code compiles against the struct package alone, so it depends on nothing above it. */
    @Test
    void theSurfaceOfGeneratedCodeDependsOnlyOnTheRecordHeader() {
        classes().that().resideInAPackage(ROOT + ".struct..").should().onlyDependOnClassesThat(
                        describe("in struct or format", (JavaClass type) -> {
                            String name = type.getBaseComponentType().getPackageName();
                            return name.startsWith(ROOT + ".struct") || name.startsWith(ROOT + ".format");
                        }).or(OUTSIDE_FERRITE))
                .check(CLASSES);
    }

    @Test
    void theMigrationActionsOfUsersAndOfTheEngineMatch() {
        List<String> engine = Arrays.stream(TypeAction.values()).map(Enum::name).toList();
        assertEquals(engine, Arrays.stream(Migration.Action.values()).map(Enum::name).toList());
    }
}
