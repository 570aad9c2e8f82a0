package dev.ferrite.cli.migrate;

import java.util.Map;

/**
 * Three versions of the same structs, as an application's source would evolve:
 * <ul>
 *   <li>v1: {@code demo.Account} with a reserve, {@code demo.Branch} referring to accounts.</li>
 *   <li>v2: adds {@code flags} inside the reserve: readable in place, no migration.</li>
 *   <li>v3: widens {@code cents} to {@code long}, renames {@code code} to {@code label}
 *       ({@code @RenamedFrom}), drops ({@code @RemovedField})
 *       {@code legacy} and the heap string {@code note}, removes the enum constant {@code FROZEN} (and adds {@code DORMANT}), adds
 *       a computed {@code euros} and an array that outgrows the reserve, so records move.</li>
 * </ul>
 * {@code demo.Branch} never changes; its references to accounts must follow them.
 */
final class AccountVersions {
    private AccountVersions() {}

    private static final String BRANCH = """
            package demo;
            import dev.ferrite.annotations.PersistentStruct;
            @PersistentStruct(version = 1)
            public interface Branch {
                long number(); void number(long v);
                Account manager(); void manager(Account v);
            }
            """;

    static Map<String, String> v1() {
        return Map.of(
                "demo.Status", "package demo; public enum Status { OPEN, FROZEN, CLOSED }",
                "demo.Branch", BRANCH,
                "demo.Account", """
                        package demo;
                        import dev.ferrite.annotations.FixedString;
                        import dev.ferrite.annotations.PersistentStruct;
                        @PersistentStruct(version = 1, reserve = 8)
                        public interface Account {
                            long id(); void id(long v);
                            int cents(); void cents(int v);
                            @FixedString(12) String code(); void code(String v);
                            String memo(); void memo(String v);
                            Status status(); void status(Status v);
                            Account referrer(); void referrer(Account v);
                            short legacy(); void legacy(short v);
                            String note(); void note(String v);
                        }
                        """);
    }

    static Map<String, String> v2() {
        return Map.of(
                "demo.Status", "package demo; public enum Status { OPEN, FROZEN, CLOSED }",
                "demo.Branch", BRANCH,
                "demo.Account", """
                        package demo;
                        import dev.ferrite.annotations.FixedString;
                        import dev.ferrite.annotations.PersistentStruct;
                        import dev.ferrite.annotations.Since;
                        @PersistentStruct(version = 2, reserve = 8)
                        public interface Account {
                            long id(); void id(long v);
                            int cents(); void cents(int v);
                            @FixedString(12) String code(); void code(String v);
                            String memo(); void memo(String v);
                            Status status(); void status(Status v);
                            Account referrer(); void referrer(Account v);
                            short legacy(); void legacy(short v);
                            String note(); void note(String v);
                            @Since(2) int flags(); void flags(int v);
                        }
                        """);
    }

    /**
     * v1 with {@code code} renamed to {@code label} without declaring it (the migration is told
     * instead): same layout, so records are rewritten where they are.
     */
    static Map<String, String> renamed() {
        return Map.of(
                "demo.Status", "package demo; public enum Status { OPEN, FROZEN, CLOSED }",
                "demo.Branch", BRANCH,
                "demo.Account", """
                        package demo;
                        import dev.ferrite.annotations.FixedString;
                        import dev.ferrite.annotations.PersistentStruct;
                        @PersistentStruct(version = 2, reserve = 8)
                        public interface Account {
                            long id(); void id(long v);
                            int cents(); void cents(int v);
                            @FixedString(12) String label(); void label(String v);
                            String memo(); void memo(String v);
                            Status status(); void status(Status v);
                            Account referrer(); void referrer(Account v);
                            short legacy(); void legacy(short v);
                            String note(); void note(String v);
                        }
                        """);
    }

    static Map<String, String> v3() {
        return Map.of(
                "demo.AccountMigration", """
                        package demo;
                        import dev.ferrite.runtime.MigrationHook;
                        /** The application's hook, for ferrite migrate --hook: what MigrationTest.options does. */
                        public final class AccountMigration implements MigrationHook {
                            @Override
                            public void migrate(OldRecord old, Object record) {
                                Account account = (Account) record;
                                account.euros(old.longValue("cents") / 100);
                                if ("FROZEN".equals(old.enumName("status"))) {
                                    account.status(Status.DORMANT);
                                }
                            }
                        }
                        """,
                "demo.Status", "package demo; public enum Status { OPEN, CLOSED, DORMANT }",
                "demo.Branch", BRANCH,
                "demo.Account", """
                        package demo;
                        import dev.ferrite.annotations.Array;
                        import dev.ferrite.annotations.FixedString;
                        import dev.ferrite.annotations.PersistentStruct;
                        import dev.ferrite.annotations.RemovedField;
                        import dev.ferrite.annotations.RenamedFrom;
                        import dev.ferrite.annotations.Since;
                        @PersistentStruct(version = 3, reserve = 8)
                        @RemovedField(name = "legacy", since = 3)
                        @RemovedField(name = "note", since = 3)
                        public interface Account {
                            long id(); void id(long v);
                            long cents(); void cents(long v);
                            @RenamedFrom(value = "code", since = 3) @FixedString(12) String label(); void label(String v);
                            String memo(); void memo(String v);
                            Status status(); void status(Status v);
                            Account referrer(); void referrer(Account v);
                            @Since(2) int flags(); void flags(int v);
                            @Since(3) long euros(); void euros(long v);
                            @Since(3) @Array(length = 8) long history(int i); void history(int i, long v);
                        }
                        """);
    }
}
