/** Calls into the C library through {@code java.lang.foreign}, linked in one place. Internal. */
package dev.ferrite.fams.natives;
