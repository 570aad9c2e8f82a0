/**
 * The {@link dev.ferrite.fams.crash.Crashpoint}s between the steps of the commit and recovery
 * protocols, where crash tests halt the JVM. Below both protocols, so that each can name its
 * points without depending on the other. Internal.
 */
package dev.ferrite.fams.crash;
