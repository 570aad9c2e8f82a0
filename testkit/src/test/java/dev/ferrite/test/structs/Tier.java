package dev.ferrite.test.structs;

/** A customer's tier. */
public enum Tier {
    BRONZE,
    SILVER,
    GOLD
}
