package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.Durability;
import dev.ferrite.runtime.testing.Account;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A heap against a model in plain Java collections, step by random step: maps of both key kinds,
 * a list, and records that refer to each other, changed in batches and then committed, rolled back
 * (to the last commit, or to a retained version), compacted, checkpointed, closed and reopened
 * (read-only too). After every commit, rollback and reopen the heap must show exactly what the
 * model says its last commit holds, and {@link Heap#verify()} must find nothing. The heap grows
 * past its first region on the way. Seeded: a failure names the seed, the step and the operations
 * before it.
 */
class HeapModelTest {
    private static final int STEPS = 600;
    private static final long SEED = 0x5EED_F00DL;
    /** Runs of other seeds after the fixed one, for a longer search: {@code -Dferrite.heapModel.seeds=50}. */
    private static final int SEEDS = Integer.getInteger("ferrite.heapModel.seeds", 1);
    private static final String WORDS = "abcdefghij";

    /** The configurations under test: the heap's options, and whether versions are retained. */
    enum Mode {
        WRITE_AHEAD(HeapOptions.builder().checkDirtyMarks(true).build()),
        UNDO(HeapOptions.builder().commitMode(CommitMode.UNDO).checkDirtyMarks(true).build()),
        UNDO_RETAINING_3(HeapOptions.builder().retainVersions(3).checkDirtyMarks(true).build());

        final HeapOptions options;

        Mode(HeapOptions options) {
            this.options = options;
        }
    }

    @TempDir
    Path directory;

    @ParameterizedTest
    @EnumSource(Mode.class)
    void theHeapAlwaysShowsWhatTheModelCommitted(Mode mode) {
        for (int i = 0; i < SEEDS; i++) {
            new Run(directory.resolve(mode + "-" + i + ".heap"), mode, SEED + 1_000L * i + mode.ordinal()).run();
        }
    }

    /** The collections and the main record of one heap object. */
    record Handles(PersistentSortedMap<Long, String> names, PersistentSortedMap<String, Long> counts,
            PersistentList<Long> list, PersistentSortedMap<Long, Account> accounts, Account main) {
    }

    /** An account as the model holds it; the referrer by id, 0 for none. */
    record AccountState(long balance, String memo, long referrer) {
    }

    /** What one commit holds, or what the heap should show now. */
    record State(TreeMap<Long, String> names, TreeMap<String, Long> counts, List<Long> list,
            TreeMap<Long, AccountState> accounts, long mainBalance) {
        static State empty() {
            return new State(new TreeMap<>(), new TreeMap<>(), new ArrayList<>(), new TreeMap<>(), 0);
        }

        State copy() {
            return new State(new TreeMap<>(names), new TreeMap<>(counts), new ArrayList<>(list),
                    new TreeMap<>(accounts), mainBalance);
        }
    }

    /** One seeded run: the heap, its model and the log of the last operations. */
    private static final class Run {
        private final Path path;
        private final Mode mode;
        private final long seed;
        private final SplittableRandom random;
        private final Deque<String> recent = new ArrayDeque<>();
        /** The state of each commit number the heap may still return to. */
        private final Map<Long, State> commits = new HashMap<>();
        private State current = State.empty();
        private State committed = State.empty();
        private long nextAccountId = 1;
        private long largestCommittedFile;
        private int commitCount;
        private long lastCommit;
        private int step;
        private int compactions;
        private int rollbacksTo;
        private Heap heap;
        private Handles handles;
        /** A read-only heap open beside the writer, and the commit it shows. */
        private Heap reader;
        private Handles readerHandles;
        private State readerState;
        private int readers;
        /** Flyweights over live accounts, by id, kept across commits and rollbacks. */
        private final Map<Long, Account> flyweights = new HashMap<>();
        /** Accounts allocated, and flyweights of those freed, since the last commit. */
        private final Map<Long, Account> allocated = new HashMap<>();
        private final List<Account> freed = new ArrayList<>();
        /** Flyweights whose record was freed, or whose allocation was rolled back: every use must throw. */
        private final Deque<Account> stale = new ArrayDeque<>();

        Run(Path path, Mode mode, long seed) {
            this.path = path;
            this.mode = mode;
            this.seed = seed;
            this.random = new SplittableRandom(seed);
        }

        void run() {
            heap = Heap.open(path, mode.options);
            try {
                // The commit that created the heap holds no roots, which the model sees as empty.
                for (long version : heap.versions()) {
                    commits.put(version, State.empty());
                }
                heap.root("main", Account.class);
                handles();
                commit(Durability.SYNC);
                for (step = 0; step < STEPS; step++) {
                    step();
                }
                commit(Durability.SYNC);
                closeReader();
            } finally {
                if (reader != null) {
                    reader.close();
                }
                heap.close();
            }
            reopen(true);
            heap.close();
            System.out.printf("%s seed %d: %d steps, %d commits, %d compactions, %d rollbacks to a version,"
                    + " %d readers, largest committed file %d bytes%n", mode, seed, STEPS, commitCount, compactions, rollbacksTo,
                    readers, largestCommittedFile);
            assertTrue(largestCommittedFile > HeapOptions.INITIAL_SIZE,
                    "a commit grew the heap past its first region: largest file " + largestCommittedFile);
            assertTrue(compactions > 0, "a compaction ran");
            if (mode.options.retainVersions() > 0) {
                assertTrue(rollbacksTo > 0, "a rollback to a retained version ran");
            }
        }

        private PersistentSortedMap<Long, String> names() {
            return handles().names();
        }

        private PersistentSortedMap<String, Long> counts() {
            return handles().counts();
        }

        private PersistentList<Long> list() {
            return handles().list();
        }

        private PersistentSortedMap<Long, Account> accounts() {
            return handles().accounts();
        }

        /**
         * The collections and the main record, looked up once and used across commits and
         * rollbacks, as an application does; looked up again after what may move or drop them: a
         * compaction, a rollback to another version, a reopen.
         */
        private Handles handles() {
            if (handles == null) {
                handles = lookUp(heap);
            }
            return handles;
        }

        private static Handles lookUp(Heap heap) {
            return new Handles(
                    PersistentSortedMap.root(heap, "names", KeyType.LONG, ValueType.STRING),
                    PersistentSortedMap.root(heap, "counts", KeyType.STRING, ValueType.LONG),
                    PersistentList.root(heap, "list", ValueType.LONG),
                    PersistentSortedMap.root(heap, "accounts", KeyType.LONG, ValueType.reference(Account.class)),
                    heap.root("main", Account.class));
        }

        /** Forgets every handle and flyweight: after a compaction, a rollback to a version, a reopen. */
        private void forgetHandles() {
            handles = null;
            flyweights.clear();
            allocated.clear();
            freed.clear();
            stale.clear();
        }

        /** A flyweight over account {@code id}: sometimes one kept since it was made, sometimes a new one. */
        private Account account(long id) {
            Account kept = flyweights.get(id);
            if (kept != null && random.nextBoolean()) {
                return kept;
            }
            Account found = accounts().get(id);
            flyweights.put(id, found);
            return found;
        }

        /** A batch of changes: mostly inserts, so that the heap grows. */
        private void changeBatch() {
            int kind = random.nextInt(4);
            int count = 1 + random.nextInt(random.nextInt(5) == 0 ? 3_000 : 60);
            log("batch of " + count + " changes to " + switch (kind) {
                case 0 -> "names";
                case 1 -> "counts";
                case 2 -> "list";
                default -> "accounts";
            });
            for (int i = 0; i < count; i++) {
                switch (kind) {
                    case 0 -> changeNames();
                    case 1 -> changeCounts();
                    case 2 -> changeList();
                    default -> changeAccounts();
                }
            }
        }

        private void changeNames() {
            PersistentSortedMap<Long, String> names = names();
            long key = random.nextLong(60_000);
            int choice = random.nextInt(10);
            if (random.nextInt(1_000) == 0) {
                // A random half removed: the next commit packs the strings left (see MapValuePacking).
                log("names: remove a random half of " + names.size());
                for (long k : new ArrayList<>(names.keySet())) {
                    if (random.nextBoolean()) {
                        check("names.remove " + k, current.names().remove(k), names.remove(k));
                    }
                }
            } else if (choice < 7) {
                // now and then a string longer than a leaf keeps, which the map keeps in a heap block
                String value = random.nextInt(20) == 0 ? null
                        : text(random.nextInt(30) == 0 ? 1_001 + random.nextInt(3_000) : 8 + random.nextInt(200));
                check("names.put " + key, current.names().put(key, value), names.put(key, value));
            } else if (choice < 9) {
                check("names.remove " + key, current.names().remove(key), names.remove(key));
            } else {
                check("names.pollFirstEntry", current.names().pollFirstEntry(), names.pollFirstEntry());
            }
        }

        private void changeCounts() {
            PersistentSortedMap<String, Long> counts = counts();
            String word = word();
            if (random.nextInt(5) > 0) {
                long delta = random.nextLong(-3, 10);
                long expected = current.counts().merge(word, delta, Long::sum);
                check("counts.addLong " + word, expected, counts.addLong(word, delta));
            } else {
                check("counts.remove " + word, current.counts().remove(word), counts.remove(word));
            }
        }

        private void changeList() {
            PersistentList<Long> list = list();
            List<Long> model = current.list();
            int choice = random.nextInt(10);
            long value = random.nextLong();
            if (choice < 5 || model.isEmpty()) {
                model.add(value);
                list.addLong(value);
            } else if (choice < 7) {
                int index = random.nextInt(model.size() + 1);
                model.add(index, value);
                list.add(index, value);
            } else if (choice < 8) {
                int index = random.nextInt(model.size());
                check("list.set " + index, model.set(index, value), list.set(index, value));
            } else {
                int index = random.nextInt(model.size());
                check("list.remove " + index, model.remove(index), list.remove(index));
            }
        }

        private void changeAccounts() {
            PersistentSortedMap<Long, Account> accounts = accounts();
            TreeMap<Long, AccountState> model = current.accounts();
            int choice = random.nextInt(10);
            if (choice < 5 || model.isEmpty()) {
                long id = nextAccountId++;
                Account account = heap.allocate(Account.class);
                account.id(id);
                AccountState state = new AccountState(random.nextLong(1_000), text(1 + random.nextInt(40)),
                        model.isEmpty() || random.nextBoolean() ? 0 : anyAccount(model));
                write(account, state);
                accounts.put(id, account);
                model.put(id, state);
                flyweights.put(id, account);
                allocated.put(id, account);
            } else if (choice < 8) {
                long id = anyAccount(model);
                AccountState old = model.get(id);
                AccountState state = new AccountState(old.balance() + random.nextLong(-50, 50),
                        random.nextBoolean() ? old.memo() : text(1 + random.nextInt(40)),
                        random.nextInt(3) == 0 ? anyAccount(model) : old.referrer());
                write(account(id), state);
                model.put(id, state);
            } else if (choice < 9) {
                long id = anyAccount(model);
                // Nothing may refer to a freed record: its referrers forget it first.
                for (Map.Entry<Long, AccountState> entry : model.entrySet()) {
                    if (entry.getValue().referrer() == id) {
                        AccountState state = entry.getValue();
                        entry.setValue(new AccountState(state.balance(), state.memo(), 0));
                        account(entry.getKey()).referrer(null);
                    }
                }
                Account account = random.nextBoolean() ? account(id) : accounts.get(id);
                assertEquals(account, accounts.remove(id), failure("accounts.remove " + id));
                model.remove(id);
                heap.free(account);
                flyweights.remove(id);
                if (allocated.remove(id) == null) {
                    freed.add(account);
                } else {
                    rememberStale(account);
                }
            } else {
                long delta = random.nextLong(-100, 100);
                Account main = handles().main();
                main.balance(main.balance() + delta);
                current = new State(current.names(), current.counts(), current.list(), current.accounts(),
                        current.mainBalance() + delta);
            }
        }

        private void write(Account account, AccountState state) {
            account.balance(state.balance());
            account.memo(state.memo());
            account.referrer(state.referrer() == 0 ? null : account(state.referrer()));
        }

        private void rememberStale(Account account) {
            if (stale.size() == 40) {
                stale.removeFirst();
            }
            stale.addLast(account);
        }

        private long anyAccount(TreeMap<Long, AccountState> model) {
            long probe = random.nextLong(nextAccountId);
            Long id = model.ceilingKey(probe);
            return id != null ? id : model.firstKey();
        }

        private void commit(Durability durability) {
            log("commit " + durability);
            long number = heap.commit(durability);
            lastCommit = number;
            commitCount++;
            largestCommittedFile = Math.max(largestCommittedFile, fileSize());
            committed = current.copy();
            commits.put(number, committed);
            freed.forEach(this::rememberStale);
            freed.clear();
            allocated.clear();
            verifyAndCompare("commit " + number);
            checkReader("commit " + number);
        }

        private void rollback() {
            log("rollback");
            heap.rollback();
            current = committed.copy();
            // The accounts allocated since the commit are gone; those freed since are back.
            allocated.forEach((id, account) -> {
                flyweights.remove(id);
                rememberStale(account);
            });
            allocated.clear();
            freed.clear();
            if (!heap.rootNames().contains("names")) {
                // Back at the version that created the heap: the roots made since are gone.
                forgetHandles();
            }
            compare("rollback");
        }

        /** In the undo mode with retained versions: back to one of them, chosen at random. */
        private void rollbackToRetained() {
            List<Long> versions = heap.versions();
            if (mode.options.retainVersions() == 0) {
                assertEquals(1, versions.size(), failure("only the last commit is a version: " + versions));
                return;
            }
            long version = versions.get(random.nextInt(versions.size()));
            log("rollbackTo " + version + " of " + versions);
            State target = commits.get(version);
            assertTrue(target != null, failure("version " + version + " was never committed: " + versions));
            heap.rollbackTo(version);
            forgetHandles();
            rollbacksTo++;
            committed = target;
            lastCommit = version;
            current = committed.copy();
            verifyAndCompare("rollbackTo " + version);
            assertEquals(version, heap.versions().getLast(), failure("the last version after rollbackTo"));
        }

        /** Only with nothing uncommitted, as {@link Heap#compact()} requires: commits first. */
        private void compact() {
            // A reader's view across a compaction is CompactionTest's business; this model checks
            // readers across commits.
            closeReader();
            commit(Durability.SYNC);
            log("compact");
            heap.compact();
            forgetHandles();
            compactions++;
            // The compaction's own commits hold what the last commit held.
            for (long version : heap.versions()) {
                if (version > lastCommit) {
                    commits.put(version, committed);
                }
            }
            lastCommit = heap.versions().getLast();
            verifyAndCompare("compact");
        }

        private void reopen(boolean readOnlyFirst) {
            closeReader();
            log("close and reopen" + (readOnlyFirst ? " read-only first" : ""));
            heap.close();
            forgetHandles();
            current = committed.copy();
            if (readOnlyFirst) {
                heap = Heap.open(path, HeapOptions.builder().readOnly(true).build());
                try {
                    if (heap.rootNames().isEmpty()) {
                        // Rolled back to the version that created the heap, and not committed since.
                        assertEquals(State.empty(), current, failure("no roots after a read-only open"));
                    } else {
                        verifyAndCompare("read-only open");
                    }
                } finally {
                    heap.close();
                    forgetHandles();
                }
            }
            heap = Heap.open(path, mode.options);
            verifyAndCompare("reopen");
        }

        private void verifyAndCompare(String after) {
            assertEquals(List.of(), heap.verify(), failure("verify after " + after));
            compare(after);
        }

        private void compare(String after) {
            compare(handles(), current, after);
            for (Account account : stale) {
                IllegalStateException e = assertThrows(IllegalStateException.class, account::balance,
                        failure("a stale flyweight after " + after));
                assertTrue(e.getMessage().contains("use after free"), failure(e.getMessage()));
            }
        }

        private void compare(Handles handles, State expected, String after) {
            assertEquals(new ArrayList<>(expected.names().entrySet()), new ArrayList<>(handles.names().entrySet()),
                    failure("names after " + after));
            assertEquals(new ArrayList<>(expected.counts().entrySet()), new ArrayList<>(handles.counts().entrySet()),
                    failure("counts after " + after));
            assertEquals(expected.list(), new ArrayList<>(handles.list()), failure("list after " + after));
            TreeMap<Long, AccountState> shown = new TreeMap<>();
            for (Map.Entry<Long, Account> entry : handles.accounts().entrySet()) {
                Account account = entry.getValue();
                assertEquals(entry.getKey(), account.id(), failure("account id after " + after));
                Account referrer = account.referrer();
                shown.put(entry.getKey(), new AccountState(account.balance(), account.memo(),
                        referrer == null ? 0 : referrer.id()));
            }
            assertEquals(expected.accounts(), shown, failure("accounts after " + after));
            assertEquals(expected.mainBalance(), handles.main().balance(), failure("main balance after " + after));
        }

        /**
         * Opens a reader beside the writer after a commit, or checks and closes the one open. In
         * the write-ahead mode a reader sees the commit it opened at until it closes, whatever the
         * writer does meanwhile (it is checked at every later commit); in the undo mode the
         * writer's commits may land in its view, so it is checked only while nothing has changed.
         */
        private void reader() {
            if (reader != null) {
                closeReader();
                return;
            }
            commit(Durability.SYNC);
            log("open a reader");
            reader = Heap.open(path, HeapOptions.builder().readOnly(true).build());
            readers++;
            if (reader.rootNames().isEmpty()) {
                closeReader();
                return;
            }
            readerHandles = lookUp(reader);
            readerState = committed;
            checkReader("opening it");
            if (mode.options.commitMode() == CommitMode.UNDO) {
                closeReader();
            }
        }

        private void checkReader(String after) {
            if (reader != null) {
                assertEquals(List.of(), reader.verify(), failure("verify of the reader after " + after));
                compare(readerHandles, readerState, "the reader after " + after);
            }
        }

        private void closeReader() {
            if (reader != null) {
                log("close the reader");
                checkReader("closing it");
                reader.close();
                reader = null;
                readerHandles = null;
            }
        }

        private <T> void check(String what, T expected, T actual) {
            assertEquals(expected, actual, failure(what));
        }

        private Supplier<String> failure(String what) {
            return () -> mode + " seed " + seed + " step " + step + ": " + what + "; last operations: " + recent;
        }

        /** One random step; what the heap throws is reported with the seed, the step and the operations before it. */
        private void step() {
            try {
                int choice = random.nextInt(100);
                if (choice < 55) {
                    changeBatch();
                } else if (choice < 75) {
                    commit(random.nextBoolean() ? Durability.SYNC : Durability.ASYNC);
                } else if (choice < 83) {
                    rollback();
                } else if (choice < 87) {
                    rollbackToRetained();
                } else if (choice < 90) {
                    compact();
                } else if (choice < 95) {
                    reader();
                } else if (choice < 97) {
                    // A checkpoint the heap is asked for waits until the readers close.
                    closeReader();
                    log("checkpoint");
                    heap.checkpoint();
                } else {
                    reopen(random.nextInt(3) == 0);
                }
            } catch (RuntimeException e) {
                throw new AssertionError(failure("the heap threw " + e).get(), e);
            }
        }

        private void log(String operation) {
            if (recent.size() == 12) {
                recent.removeFirst();
            }
            recent.addLast(step + ": " + operation);
        }

        private String word() {
            StringBuilder word = new StringBuilder();
            for (int i = 1 + random.nextInt(12); i > 0; i--) {
                word.append(WORDS.charAt(random.nextInt(WORDS.length())));
            }
            return word.toString();
        }

        private String text(int length) {
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            return text.toString();
        }

        private long fileSize() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
