/**
 * Schema export ({@code -Aferrite.schemaLocation=<dir>}): one JSON file per struct and version,
 * and the check that a new layout still reads the records of every exported earlier version.
 * Hand-written JSON, so that the processor needs no further dependency.
 */
package dev.ferrite.processor.schema;
