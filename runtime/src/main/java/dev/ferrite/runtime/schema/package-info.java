/**
 * The type catalog stored in each heap and the check of compiled struct types against it that
 * decides when a heap needs migrating. Internal to the runtime; the schema documents these
 * entries convert to and from are in {@link dev.ferrite.runtime.schema.document}.
 */
package dev.ferrite.runtime.schema;
