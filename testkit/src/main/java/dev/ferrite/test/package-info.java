/**
 * Crash tests for applications that use Ferrite, to run under JUnit 5.
 *
 * <ul>
 *   <li>{@link dev.ferrite.test.PowerCuts}: runs a workload once on a disk that records every
 *       write and sync, then reopens the heap in every state a power cut could have left, after
 *       every change to the disk, and checks the application's invariant in each.</li>
 *   <li>{@link dev.ferrite.test.KillTest}: runs the application's {@code main} in a child JVM,
 *       SIGKILLs it at random instants and checks the invariant after each.</li>
 *   <li>{@link dev.ferrite.test.MigrationTester}: creates a heap from an exported schema version
 *       with given field values, migrates it to the compiled structs, to be read back through
 *       them.</li>
 * </ul>
 * Failures are JUnit's {@link org.opentest4j.AssertionFailedError}s, with what it takes to replay
 * them.
 */
package dev.ferrite.test;
