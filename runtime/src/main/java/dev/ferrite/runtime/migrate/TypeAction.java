package dev.ferrite.runtime.migrate;

/** What happens to the records of one type; {@code Migration.Action} tells users the same. */
public enum TypeAction {
    /** The compiled layout is the stored one. */
    UNCHANGED,
    /** Only the catalog changes: records are readable in place with the new fields at their defaults. */
    CATALOG_ONLY,
    /** Every record is rewritten, in place where it fits its block, else moved. */
    REWRITE
}
