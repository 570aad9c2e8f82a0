package dev.ferrite.runtime.testing;

import dev.ferrite.runtime.struct.StructType;
import dev.ferrite.testing.CompiledVersion;
import java.util.Map;

/**
 * Other versions of {@link Account}'s schema {@code test.Account}. The processor refuses two
 * structs of one schema name in one compilation, so each is compiled at test time, once per test
 * JVM, into its own directory and class loader; records are used through
 * {@link CompiledVersion#call}.
 */
public final class AccountVersions {
    private static CompiledVersion v2;
    private static CompiledVersion moved;
    private static CompiledVersion grown;

    private AccountVersions() {}

    /** Version 2: the same fields, plus {@code @Since(2) long bonus} in the reserved bytes. A compatible evolution. */
    public static synchronized StructType<?> v2() {
        if (v2 == null) {
            v2 = compile("v2", """
                    package dev.ferrite.runtime.testing;
                    import dev.ferrite.annotations.PersistentStruct;
                    import dev.ferrite.annotations.Since;
                    @PersistentStruct(version = 2, reserve = 8, name = "test.Account")
                    public interface AccountV2 {
                        long id(); void id(long v);
                        long balance(); void balance(long v);
                        String memo(); void memo(String v);
                        AccountV2 referrer(); void referrer(AccountV2 v);
                        @Since(2) long bonus(); void bonus(long v);
                    }
                    """);
        }
        return v2.structType("dev.ferrite.runtime.testing.AccountV2");
    }

    /** Version 2 adding more than the reserve holds: its records are larger than version 1's. */
    public static synchronized StructType<?> grown() {
        if (grown == null) {
            grown = compile("grown", """
                    package dev.ferrite.runtime.testing;
                    import dev.ferrite.annotations.PersistentStruct;
                    import dev.ferrite.annotations.Since;
                    @PersistentStruct(version = 2, reserve = 8, name = "test.Account")
                    public interface AccountGrown {
                        long id(); void id(long v);
                        long balance(); void balance(long v);
                        String memo(); void memo(String v);
                        AccountGrown referrer(); void referrer(AccountGrown v);
                        @Since(2) long bonus(); void bonus(long v);
                        @Since(2) long penalty(); void penalty(long v);
                    }
                    """);
        }
        return grown.structType("dev.ferrite.runtime.testing.AccountGrown");
    }

    /** An incompatible edit at the same version 1: {@code id} and {@code balance} swapped places. */
    public static synchronized StructType<?> moved() {
        if (moved == null) {
            moved = compile("moved", """
                    package dev.ferrite.runtime.testing;
                    import dev.ferrite.annotations.PersistentStruct;
                    @PersistentStruct(version = 1, reserve = 8, name = "test.Account")
                    public interface AccountMoved {
                        long balance(); void balance(long v);
                        long id(); void id(long v);
                        String memo(); void memo(String v);
                        AccountMoved referrer(); void referrer(AccountMoved v);
                    }
                    """);
        }
        return moved.structType("dev.ferrite.runtime.testing.AccountMoved");
    }

    private static CompiledVersion compile(String name, String source) {
        String simpleName = source.substring(source.indexOf("interface ") + 10, source.indexOf(" {"));
        return CompiledVersion.compile(CompiledVersion.temporaryDirectory("ferrite-account-" + name),
                Map.of("dev.ferrite.runtime.testing." + simpleName, source), null);
    }
}
