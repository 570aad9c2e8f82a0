package dev.ferrite.runtime.testing;

/**
 * A persistent struct for the runtime's own tests, as if declared
 * {@code @PersistentStruct(version = 1, reserve = 8, name = "test.Account")}. The runtime cannot
 * run the annotation processor on its tests (the processor depends on the runtime), so its
 * flyweight is written by hand in the generated form.
 */
public interface Account {
    long id();

    void id(long v);

    long balance();

    void balance(long v);

    String memo();

    void memo(String v);

    Account referrer();

    void referrer(Account v);
}
