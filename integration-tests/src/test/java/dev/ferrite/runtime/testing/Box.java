package dev.ferrite.runtime.testing;

import dev.ferrite.annotations.Array;
import dev.ferrite.annotations.Inline;
import dev.ferrite.annotations.PersistentStruct;

/** A struct with embedded structs, one alone and two in an array. */
@PersistentStruct(name = "test.Box")
public interface Box {
    @Inline
    Corner origin();

    @Inline
    @Array(length = 2)
    Corner corners(int i);

    /** The embedded struct. */
    @PersistentStruct(name = "test.Corner")
    interface Corner {
        long x();

        void x(long v);
    }
}
