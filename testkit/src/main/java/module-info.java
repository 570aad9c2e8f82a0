/**
 * The Ferrite test kit: crash-test code that uses Ferrite. {@link dev.ferrite.test.PowerCuts}
 * replays every state a power cut could leave under a workload, {@link dev.ferrite.test.KillTest}
 * SIGKILLs the application in a child JVM, {@link dev.ferrite.test.MigrationTester} migrates heaps
 * written from exported schema versions.
 */
module dev.ferrite.test {
    requires transitive dev.ferrite.runtime;
    requires transitive org.junit.jupiter.api;
    requires transitive org.opentest4j;

    exports dev.ferrite.test;
}
