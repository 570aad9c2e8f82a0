/**
 * JDK Flight Recorder events of FAMS: commits, checkpoints and recoveries, under the category
 * "Ferrite" in JDK Mission Control. They cost nothing while no recording asks for them.
 */
package dev.ferrite.fams.events;
