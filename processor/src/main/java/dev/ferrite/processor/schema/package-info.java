/**
 * Schema export ({@code -Aferrite.schemaLocation=<dir>}): one JSON file per struct and version,
 * and the check that a new layout still reads the records of every exported earlier version.
 * The files are the runtime's {@code SchemaDocument}s, so that what is exported is exactly what
 * the generated {@code TYPE} describes and what a migration plan is computed from.
 */
package dev.ferrite.processor.schema;
