package dev.ferrite.runtime.testing;

/**
 * An incompatible edit of {@link Account}'s schema at the same version: {@code id} and
 * {@code balance} swapped places.
 */
public interface AccountMoved {
    long id();
}
