package dev.ferrite.test;

/**
 * What a {@link KillTest} did.
 *
 * @param seed the seed that chose the instants of the kills
 * @param rounds how many times the child was started
 * @param killed how many of them were killed while running; the others finished first
 */
public record KillReport(long seed, int rounds, int killed) {}
