/**
 * The undo-logging commit protocol over a storage interface, independent of memory mappings, the
 * file names it uses and the crashpoints of the crash tests. Internal.
 */
package dev.ferrite.fams.protocol;
