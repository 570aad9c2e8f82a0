package dev.ferrite.test;

/**
 * A record a {@link SchemaHeap} wrote: give it as the value of a reference field of another.
 *
 * @param schemaName the struct's schema name
 * @param version the schema version it was written with
 * @param offset where it is in the heap
 */
public record SchemaRecord(String schemaName, int version, long offset) {}
