/**
 * The undo-logging commit protocol over a storage interface, independent of memory mappings.
 * It names its files through {@link dev.ferrite.fams.log.LogFiles} and its crash points through
 * {@link dev.ferrite.fams.crash.Crashpoint}, which recovery shares. Internal.
 */
package dev.ferrite.fams.protocol;
