package dev.ferrite.test;

/**
 * What a {@link PowerCuts} run checked.
 *
 * @param seed the seed of the run
 * @param crashPoints the instants at which the power was cut: one after each change to the disk
 * @param statesChecked the distinct disk states the heap was reopened in and checked
 * @param statesRepeated states equal to one already checked, and not checked again
 */
public record PowerCutReport(long seed, int crashPoints, int statesChecked, int statesRepeated) {}
