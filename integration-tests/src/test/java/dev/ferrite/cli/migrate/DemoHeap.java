package dev.ferrite.cli.migrate;

import static dev.ferrite.testing.CompiledVersion.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.KeyType;
import dev.ferrite.runtime.PersistentList;
import dev.ferrite.runtime.PersistentSortedMap;
import dev.ferrite.runtime.ValueType;
import dev.ferrite.testing.CompiledVersion;
import java.util.List;

/**
 * The test's heap: {@code n} accounts chained by {@code referrer}, the first one the root
 * "main"; a list "all" and a map "byCode" referring to every account; a map "owned" of five
 * accounts it owns; ten branches whose managers are accounts, in the list "branches", the last
 * one also the root "hq". Everything is reachable from a root, so the verifier finds no leak. Every
 * value is a function of the account's index, so each version can be checked against it.
 */
public final class DemoHeap {
    public static final int OWNED = 5;
    /** The index the owned accounts' values derive from: 100000 and up, above every listed account. */
    public static final int OWNED_BASE = 100_000;
    static final int BRANCHES = 10;

    private DemoHeap() {}

    public static long id(int i) {
        return i * 11L;
    }

    public static int cents(int i) {
        return switch (i) {
            case 1 -> Integer.MAX_VALUE;
            case 2 -> Integer.MIN_VALUE;
            default -> i * 1000 + 7;
        };
    }

    public static String code(int i) {
        return i % 10 == 3 ? "€é" + i : "c" + i;
    }

    public static String memo(int i) {
        return i % 4 == 0 ? null : "memo " + i + "x".repeat(i % 50);
    }

    /** The v1 status constant of account {@code i}, null for none. */
    public static String status(int i) {
        return switch (i % 4) {
            case 0 -> "OPEN";
            case 1 -> "FROZEN";
            case 2 -> "CLOSED";
            default -> null;
        };
    }

    /** A heap string that v3 drops; null for every third account. */
    public static String note(int i) {
        return i % 3 == 0 ? null : "note " + i;
    }

    /** How many of the accounts 0..n-1 and the owned ones have a note: the strings v3 frees. */
    public static long notes(int n) {
        long notes = 0;
        for (int i = 0; i < n; i++) {
            notes += note(i) == null ? 0 : 1;
        }
        for (int j = 0; j < OWNED; j++) {
            notes += note(OWNED_BASE + j) == null ? 0 : 1;
        }
        return notes;
    }

    public static short legacy(int i) {
        return (short) (i * 3);
    }

    /** Checks the whole heap with {@code ferrite verify}'s verifier: no leak, no dangling reference, no damage. */
    public static void verifyClean(java.nio.file.Path file, String when) {
        dev.ferrite.runtime.VerifyReport report = dev.ferrite.runtime.HeapVerifier.verify(file);
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), report.problems(), when);
    }

    /** Creates a heap of 16 MiB: enough for the test, and small enough to compare whole files. */
    public static Heap create(java.nio.file.Path file) {
        return Heap.open(file, dev.ferrite.runtime.HeapOptions.builder().capacity(16 << 20).build());
    }

    /** Creates the heap {@code file} and writes {@code n} accounts into it as {@link #write} does. */
    public static java.nio.file.Path createAndWrite(java.nio.file.Path file, CompiledVersion v1, int n, boolean frozen) {
        try (Heap heap = create(file)) {
            write(heap, v1, n, frozen);
        }
        return file;
    }

    /** Writes the heap with the v1 classes and commits; {@code frozen} false uses CLOSED for FROZEN. */
    public static void write(Heap heap, CompiledVersion v1, int n, boolean frozen) {
        Class<?> account = v1.type("demo.Account");
        Class<?> branch = v1.type("demo.Branch");
        PersistentList<?> all = PersistentList.root(heap, "all", ValueType.reference(account));
        PersistentSortedMap<String, ?> byCode = PersistentSortedMap.root(heap, "byCode", KeyType.STRING,
                ValueType.reference(account));
        Object previous = null;
        Object[] accounts = new Object[n];
        for (int i = 0; i < n; i++) {
            Object a = i == 0 ? heap.root("main", account) : heap.allocate(account);
            fill(v1, a, i, frozen);
            call(a, "referrer", previous);
            add(all, a);
            put(byCode, code(i), a);
            accounts[i] = a;
            previous = a;
        }
        PersistentSortedMap<Long, ?> owned = PersistentSortedMap.root(heap, "owned", KeyType.LONG,
                ValueType.struct(account));
        for (int j = 0; j < OWNED; j++) {
            Object a = owned.getOrCreate(100L + j);
            fill(v1, a, OWNED_BASE + j, frozen);
        }
        PersistentList<?> branches = PersistentList.root(heap, "branches", ValueType.reference(branch));
        for (int j = 0; j < BRANCHES; j++) {
            Object b = j == BRANCHES - 1 ? heap.root("hq", branch) : heap.allocate(branch);
            call(b, "number", (long) j);
            call(b, "manager", accounts[(j * 7) % n]);
            add(branches, b);
        }
        heap.commit();
    }

    private static void fill(CompiledVersion v1, Object a, int i, boolean frozen) {
        call(a, "id", id(i));
        call(a, "cents", cents(i));
        call(a, "code", code(i));
        call(a, "memo", memo(i));
        String status = status(i);
        if (!frozen && "FROZEN".equals(status)) {
            status = "CLOSED";
        }
        call(a, "status", status == null ? null : v1.constant("demo.Status", status));
        call(a, "legacy", legacy(i));
        call(a, "note", note(i));
    }

    @SuppressWarnings("unchecked")
    private static <E> void add(PersistentList<E> list, Object element) {
        list.add((E) element);
    }

    @SuppressWarnings("unchecked")
    private static <V> void put(PersistentSortedMap<String, V> map, String key, Object value) {
        map.put(key, (V) value);
    }

    /** Checks account {@code i} as the v1 or v2 classes read it. */
    public static void checkOld(Object a, int i, boolean frozen) {
        assertEquals(id(i), call(a, "id"));
        assertEquals(cents(i), call(a, "cents"));
        assertEquals(code(i), call(a, "code"));
        assertEquals(memo(i), call(a, "memo"));
        String status = status(i);
        if (!frozen && "FROZEN".equals(status)) {
            status = "CLOSED";
        }
        Object stored = call(a, "status");
        assertEquals(status, stored == null ? null : ((Enum<?>) stored).name());
        assertEquals(legacy(i), call(a, "legacy"));
        assertEquals(note(i), call(a, "note"));
        Object referrer = call(a, "referrer");
        if (i == 0 || i >= OWNED_BASE) {
            assertNull(referrer);
        } else {
            assertEquals(id(i - 1), call(referrer, "id"));
        }
    }

    /**
     * Checks account {@code i} as the v3 classes read it: cents widened, code renamed to label,
     * FROZEN turned DORMANT by the hook (or CLOSED before the heap was written), euros computed
     * by the hook when {@code hooked}, history empty, flags as written by v2.
     */
    static void checkNew(Object a, int i, boolean hooked, int flags) {
        assertEquals(id(i), call(a, "id"), "id of account " + i);
        assertEquals((long) cents(i), call(a, "cents"), "cents of account " + i);
        assertEquals(code(i), call(a, "label"), "label of account " + i);
        assertEquals(memo(i), call(a, "memo"), "memo of account " + i);
        String status = status(i);
        if ("FROZEN".equals(status)) {
            status = hooked ? "DORMANT" : "CLOSED";
        }
        Object stored = call(a, "status");
        assertEquals(status, stored == null ? null : ((Enum<?>) stored).name(), "status of account " + i);
        assertEquals(hooked ? cents(i) / 100L : 0L, call(a, "euros"), "euros of account " + i);
        assertEquals(flags, call(a, "flags"), "flags of account " + i);
        for (int h = 0; h < 8; h++) {
            assertEquals(0L, call(a, "history", h));
        }
        Object referrer = call(a, "referrer");
        if (i == 0 || i >= OWNED_BASE) {
            assertNull(referrer, "referrer of account " + i);
        } else {
            assertEquals(id(i - 1), call(referrer, "id"), "referrer of account " + i);
        }
    }
}
