package dev.ferrite.test.structs;

import dev.ferrite.annotations.Array;
import dev.ferrite.annotations.FixedString;
import dev.ferrite.annotations.PersistentStruct;
import dev.ferrite.annotations.RenamedFrom;
import dev.ferrite.annotations.Since;

/**
 * A struct of the migration test. Version 1 (exported to src/test/schemas) had {@code cents};
 * version 2 renames it to {@code balanceCents} and adds {@code vip}: heaps of version 1 need a migration.
 */
@PersistentStruct(version = 2, reserve = 16)
public interface Customer {
    long id();

    void id(long v);

    @FixedString(16)
    String name();

    void name(String v);

    @RenamedFrom(value = "cents", since = 2)
    int balanceCents();

    void balanceCents(int v);

    String memo();

    void memo(String v);

    Tier tier();

    void tier(Tier v);

    Customer referrer();

    void referrer(Customer v);

    @Array(length = 3)
    short scores(int i);

    void scores(int i, short v);

    @Since(2)
    boolean vip();

    void vip(boolean v);
}
