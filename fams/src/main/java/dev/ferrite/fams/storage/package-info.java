/**
 * The storage interface under the commit and recovery protocols, and its real implementation on
 * {@link java.nio.channels.FileChannel}. Internal.
 */
package dev.ferrite.fams.storage;
