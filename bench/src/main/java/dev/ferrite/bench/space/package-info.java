/** The disk space Ferrite and its peers use for the same live data after deletes and reuse. */
package dev.ferrite.bench.space;
