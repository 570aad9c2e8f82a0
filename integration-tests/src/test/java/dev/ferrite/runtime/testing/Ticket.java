package dev.ferrite.runtime.testing;

import dev.ferrite.annotations.Array;
import dev.ferrite.annotations.FixedString;
import dev.ferrite.annotations.PersistentStruct;

/** An issue tracker's ticket: an inline title, labels in an inline array and a heap-string description. */
@PersistentStruct(name = "test.Ticket")
public interface Ticket {
    @FixedString(24)
    String title();

    void title(String v);

    @Array(length = 4)
    @FixedString(16)
    String label(int i);

    void label(int i, String v);

    String description();

    void description(String v);
}
