/**
 * Finding the pages written since the last commit (explicit marks, the pagemap) and turning
 * committed pages back into clean file pages ({@code madvise}). Linux-specific parts degrade or
 * refuse clearly elsewhere. Internal.
 */
package dev.ferrite.fams.dirty;
