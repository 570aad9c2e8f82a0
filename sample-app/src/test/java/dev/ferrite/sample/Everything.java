package dev.ferrite.sample;

import dev.ferrite.annotations.Array;
import dev.ferrite.annotations.FixedString;
import dev.ferrite.annotations.Inline;
import dev.ferrite.annotations.PersistentStruct;
import dev.ferrite.sample.bank.AccountStatus;

/** A struct with a field of every kind, for tests that write them all. */
@PersistentStruct(version = 1, reserve = 8)
public interface Everything {
    byte b();

    void b(byte v);

    short s();

    void s(short v);

    char c();

    void c(char v);

    int i();

    void i(int v);

    long l();

    void l(long v);

    float f();

    void f(float v);

    double d();

    void d(double v);

    boolean flag();

    void flag(boolean v);

    AccountStatus status();

    void status(AccountStatus v);

    @FixedString(12)
    String code();

    void code(String v);

    String note();

    void note(String v);

    Everything next();

    void next(Everything v);

    @Inline
    Point origin();

    @Array(length = 700)
    long samples(int index);

    void samples(int index, long v);

    @Array(length = 3)
    String tags(int index);

    void tags(int index, String v);
}
