/** Records written from exported schema documents, for migration tests. Internal. */
package dev.ferrite.test.schema;
