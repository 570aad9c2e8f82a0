/**
 * The type catalog stored in each heap, the check of compiled struct types against it that
 * decides when a heap needs migrating, and schema documents: a struct's layout at one version,
 * in the JSON format the processor exports ({@code -Aferrite.schemaLocation}) and migration
 * plans are computed from. Exported only to the processor and the command-line tool.
 */
package dev.ferrite.runtime.schema;
