/**
 * The type catalog stored in each heap, and the check of compiled struct types against it that
 * decides when a heap needs migrating. Not exported.
 */
package dev.ferrite.runtime.schema;
