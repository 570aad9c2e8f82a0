package dev.ferrite.sample;

import dev.ferrite.annotations.PersistentStruct;

/** A small struct embedded in {@link Everything}. */
@PersistentStruct
public interface Point {
    int x();

    void x(int v);

    int y();

    void y(int v);
}
