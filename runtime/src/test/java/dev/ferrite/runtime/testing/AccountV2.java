package dev.ferrite.runtime.testing;

/**
 * Version 2 of {@link Account}'s schema: the same fields, plus {@code @Since(2) long bonus} in
 * the reserved bytes. A compatible evolution.
 */
public interface AccountV2 {
    long id();

    void id(long v);

    long bonus();

    void bonus(long v);
}
