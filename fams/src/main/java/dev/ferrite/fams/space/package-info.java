/**
 * Giving disk space back: deciding when punching the holes of pages the file no longer needs is
 * safe ({@link dev.ferrite.fams.space.ReleasedPages}), and measuring what a file occupies.
 */
package dev.ferrite.fams.space;
