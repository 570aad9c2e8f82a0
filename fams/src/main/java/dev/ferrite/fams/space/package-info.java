/**
 * Giving disk space back: punching the holes of pages the file no longer needs
 * ({@link dev.ferrite.fams.space.HolePunch}), deciding when that is safe
 * ({@link dev.ferrite.fams.space.ReleasedPages}), and measuring what a file occupies.
 */
package dev.ferrite.fams.space;
