/** The private, unreserved file mapping behind {@code FamsFile.segment()}. Internal. */
package dev.ferrite.fams.mapping;
