package dev.ferrite.fams;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The package structure of FAMS, kept by the build. From the top: the public package ({@code
 * FamsFile} and its options), the commit protocol, recovery, the log format, storage; beside
 * them the memory mapping, dirty-page detection and the flight-recorder events. The crash points sit below both protocols.
 * Calls into the C library are linked in one package at the bottom, used by those that call C.
 * Internal packages use nothing of the public package but its <em>values</em>: the exceptions and
 * {@link RecoveryReport}, which depend on nothing. FAMS depends on nothing else of Ferrite.
 */
class ArchitectureTest {
    private static final String ROOT = "dev.ferrite.fams";

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** The classes of the public package that internal packages may use: they depend on nothing. */
    static final DescribedPredicate<JavaClass> VALUES = describe("the exceptions and RecoveryReport of " + ROOT,
            type -> inPublicPackage(type)
                    && (type.getBaseComponentType().isAssignableTo(FamsException.class)
                            || type.getBaseComponentType().getName().startsWith(RecoveryReport.class.getName())));

    private static final DescribedPredicate<JavaClass> FACADE = describe("the rest of " + ROOT,
            type -> inPublicPackage(type) && !VALUES.test(type));

    private static final DescribedPredicate<JavaClass> OUTSIDE_FERRITE = describe("outside Ferrite",
            type -> !type.getBaseComponentType().getPackageName().startsWith("dev.ferrite."));

    private static boolean inPublicPackage(JavaClass type) {
        return type.getBaseComponentType().getPackageName().equals(ROOT);
    }

    @Test
    void internalPackagesFormNoCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    /** Also counts the public package, split into its values and the rest, so a cycle through it fails too. */
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
                if (!name.startsWith(ROOT + ".")) {
                    return SliceIdentifier.ignore();
                }
                String sub = name.substring(ROOT.length() + 1);
                int dot = sub.indexOf('.');
                return SliceIdentifier.of(dot < 0 ? sub : sub.substring(0, dot));
            }

            @Override
            public String getDescription() {
                return "the packages of FAMS";
            }
        }).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void layersDependDownwardOnly() {
        layeredArchitecture()
                .consideringOnlyDependenciesInAnyPackage("dev.ferrite..")
                .layer("Public").definedBy(FACADE)
                .layer("Values").definedBy(VALUES)
                .layer("Protocol").definedBy(ROOT + ".protocol..")
                .layer("Recovery").definedBy(ROOT + ".recovery..")
                .layer("Log").definedBy(ROOT + ".log..")
                .layer("Storage").definedBy(ROOT + ".storage..")
                .layer("Crashpoints").definedBy(ROOT + ".crash..")
                .layer("Memory").definedBy(ROOT + ".mapping..", ROOT + ".dirty..")
                .layer("Events").definedBy(ROOT + ".events..")
                // The simulated disk: a Storage for the crash-test kit, used by nothing in FAMS.
                .layer("Simulation").definedBy(ROOT + ".sim..")
                .layer("Space").definedBy(ROOT + ".space..")
                .layer("Natives").definedBy(ROOT + ".natives..")
                .whereLayer("Public").mayNotBeAccessedByAnyLayer()
                .whereLayer("Protocol").mayOnlyBeAccessedByLayers("Public")
                .whereLayer("Recovery").mayOnlyBeAccessedByLayers("Public", "Protocol")
                .whereLayer("Log").mayOnlyBeAccessedByLayers("Public", "Protocol", "Recovery")
                .whereLayer("Storage").mayOnlyBeAccessedByLayers("Public", "Protocol", "Recovery", "Log", "Simulation")
                .whereLayer("Crashpoints").mayOnlyBeAccessedByLayers("Protocol", "Recovery")
                .whereLayer("Memory").mayOnlyBeAccessedByLayers("Public")
                .whereLayer("Events").mayOnlyBeAccessedByLayers("Public")
                .whereLayer("Simulation").mayNotBeAccessedByAnyLayer()
                .whereLayer("Natives").mayOnlyBeAccessedByLayers("Public", "Storage", "Memory", "Space")
                .check(CLASSES);
    }

    @Test
    void publicValuesDependOnNothingOfFerrite() {
        classes().that(VALUES).should().onlyDependOnClassesThat(VALUES.or(OUTSIDE_FERRITE)).check(CLASSES);
    }

    @Test
    void famsDependsOnNothingElseOfFerrite() {
        classes().should().onlyDependOnClassesThat(
                        describe("in FAMS", (JavaClass type) -> type.getBaseComponentType().getPackageName().startsWith(ROOT))
                                .or(OUTSIDE_FERRITE))
                .check(CLASSES);
    }
}
