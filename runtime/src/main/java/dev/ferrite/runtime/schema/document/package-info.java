/**
 * Schema documents: a struct's layout at one version, in the JSON format the processor exports
 * ({@code -Aferrite.schemaLocation}, one file per version) and migration plans are computed
 * from, with the folder they are kept in and the one rule of what a migration converts by
 * itself. Exported only to the processor and the command-line tool.
 */
package dev.ferrite.runtime.schema.document;
