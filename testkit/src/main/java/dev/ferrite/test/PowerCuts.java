package dev.ferrite.test;

import dev.ferrite.fams.sim.CrashStates;
import dev.ferrite.fams.sim.FileImage;
import dev.ferrite.fams.storage.StorageOverrides;
import dev.ferrite.runtime.Heap;
import dev.ferrite.test.disk.RecordingStorage;
import dev.ferrite.test.disk.RecordingStorage.CrashPoint;
import dev.ferrite.test.disk.ReplayStorage;
import dev.ferrite.test.disk.StateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.opentest4j.AssertionFailedError;

/**
 * Cuts the power under your code at every instant, and checks what it would find on restart.
 *
 * <pre>{@code
 * PowerCuts.of(heapFile -> {                       // the workload, as the application runs it
 *             try (Heap heap = Heap.open(heapFile)) {
 *                 Bank bank = heap.root("bank", Bank.class);
 *                 ...
 *                 heap.commit();
 *             }
 *         })
 *         .startingFrom(BankTest::openAccounts)        // optional: runs first, without cuts
 *         .invariant(heap -> assertEquals(200, total(heap)))   // what must hold after any crash
 *         .run();
 * }</pre>
 *
 * <p>The workload runs once, on real files whose every write, hole punched, truncation, sync,
 * rename and removal is also played on a simulated disk that knows what each sync made durable.
 * After each of these changes (a <em>crash point</em>) the disk a power cut could leave is not one
 * but many: every write, hole or directory change not yet synced may be lost or kept, and a write spanning
 * several 512-byte sectors may tear, its torn sector holding zeros or garbage. For each crash point
 * {@code run()} materialises those disks (all of them when there are at most {@link
 * #statesPerCrashPoint exhaustiveUpTo}, else the two extremes and a seeded sample), reopens the
 * heap in each as the application would after a restart ({@link #openWith}), and runs the
 * invariant. The first state in which the heap does not open or the invariant throws fails the
 * run with a {@link PowerCutFailure} naming the crash point, the change to the disk before it, the
 * state and the seed; {@link #seed} and {@link #onlyCrashPoint} replay it, provided the workload
 * does the same thing every time (no clocks, no unseeded randomness, no {@code ASYNC} commits,
 * whose background sync comes at any time).
 *
 * <p>Ferrite's commits are atomic, so what this finds is a commit made where the application's
 * invariant does not hold: between the debit and the credit of a transfer, for example. It works
 * the same whichever commit mode the heap uses, since it cuts below the log.
 *
 * <p>The workload's heap lives in a temporary directory of its own; the workload must not use
 * other files of the same directory, or open the heap after it returns. Each state checked costs
 * a heap open, a few milliseconds: a workload of a few commits is checked in seconds. States that
 * equal one already checked are skipped.
 */
public final class PowerCuts {
    /** The system property that sets the seed of runs that do not call {@link #seed}. */
    public static final String SEED_PROPERTY = "ferrite.test.seed";

    private final HeapWorkload workload;
    private HeapWorkload setup = heap -> {};
    private HeapInvariant invariant = heap -> {};
    private HeapOpener opener = Heap::open;
    private long seed = defaultSeed();
    private int onlyCrashPoint;
    private int exhaustiveUpTo = 64;
    private int samples = 16;
    private String heapName = "test.heap";

    private PowerCuts(HeapWorkload workload) {
        this.workload = Objects.requireNonNull(workload, "workload");
    }

    /** A power-cut test of {@code workload}, which opens the heap at the path it is given, changes it and commits. */
    public static PowerCuts of(HeapWorkload workload) {
        return new PowerCuts(workload);
    }

    /**
     * Work that runs before the workload, on the same heap, without power cuts: to start the
     * workload from a given heap (one whose accounts exist, say) and cut only where it matters.
     * Its writes that are not yet synced when the workload starts can still be lost at the
     * workload's crash points, as on a real disk.
     */
    public PowerCuts startingFrom(HeapWorkload setup) {
        this.setup = Objects.requireNonNull(setup, "setup");
        return this;
    }

    /** What must hold in the heap after a crash at any instant; by default only that it opens. */
    public PowerCuts invariant(HeapInvariant invariant) {
        this.invariant = Objects.requireNonNull(invariant, "invariant");
        return this;
    }

    /** How the heap is reopened after a crash; {@code Heap::open} by default. */
    public PowerCuts openWith(HeapOpener opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
        return this;
    }

    /**
     * The seed that chooses the sampled states and the garbage of torn sectors; random by
     * default, or the system property {@value #SEED_PROPERTY} if set. A failure names it.
     */
    public PowerCuts seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Checks only the states of crash point {@code crashPoint} (from 1), to replay a failure. */
    public PowerCuts onlyCrashPoint(int crashPoint) {
        if (crashPoint < 1) {
            throw new IllegalArgumentException("crash points count from 1, not " + crashPoint);
        }
        this.onlyCrashPoint = crashPoint;
        return this;
    }

    /**
     * How many states to check per crash point: all of them when there are at most
     * {@code exhaustiveUpTo}; else all changes lost, all kept, and {@code samples} random
     * combinations. 64 and 16 by default.
     */
    public PowerCuts statesPerCrashPoint(int exhaustiveUpTo, int samples) {
        if (exhaustiveUpTo < 1 || samples < 0) {
            throw new IllegalArgumentException("exhaustiveUpTo must be positive and samples not negative: "
                    + exhaustiveUpTo + ", " + samples);
        }
        this.exhaustiveUpTo = exhaustiveUpTo;
        this.samples = samples;
        return this;
    }

    /** The file name of the heap in the workload's directory; {@code test.heap} by default. */
    public PowerCuts heapName(String heapName) {
        Path name = Path.of(heapName);
        if (name.getNameCount() != 1 || name.getParent() != null) {
            throw new IllegalArgumentException("a heap name is a file name, not a path: " + heapName);
        }
        this.heapName = heapName;
        return this;
    }

    /**
     * Runs the workload, then checks every crash point's states.
     *
     * @return what was checked, if the invariant held everywhere
     * @throws PowerCutFailure for the first state in which the heap did not open or the
     *     invariant failed; its files are left in the directory the message names
     * @throws AssertionFailedError if the workload itself failed
     */
    public PowerCutReport run() {
        Path base = createBase();
        boolean keep = false;
        try {
            Path runDirectory = Files.createDirectory(base.resolve("run"));
            StateDirectory states = new StateDirectory(Files.createDirectory(base.resolve("state")));
            List<CrashPoint> points = record(runDirectory);
            CheckCounts counts = new CheckCounts();
            StorageOverrides.Installation replay = StorageOverrides.install(states.path(), new ReplayStorage());
            try {
                for (CrashPoint point : points) {
                    if (onlyCrashPoint == 0 || point.number() == onlyCrashPoint) {
                        check(point, points.isEmpty() ? 0 : points.getLast().number(), states, counts);
                    }
                }
            } catch (PowerCutFailure failure) {
                keep = true;
                throw failure;
            } finally {
                replay.close();
            }
            if (onlyCrashPoint > 0 && points.stream().noneMatch(point -> point.number() == onlyCrashPoint)) {
                throw new IllegalArgumentException("crash point " + onlyCrashPoint + " does not exist: the workload"
                        + " made changes " + (points.isEmpty() ? "none" : points.getFirst().number() + " to "
                        + points.getLast().number()) + " to the disk");
            }
            return new PowerCutReport(seed, points.size(), counts.checked, counts.repeated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!keep) {
                delete(base);
            }
        }
    }

    private List<CrashPoint> record(Path runDirectory) {
        RecordingStorage recording = new RecordingStorage(runDirectory);
        StorageOverrides.Installation installed = StorageOverrides.install(runDirectory, recording);
        int setupChanges;
        try {
            setup.run(runDirectory.resolve(heapName));
            setupChanges = recording.crashPoints().size();
            workload.run(runDirectory.resolve(heapName));
        } catch (Exception | AssertionError e) {
            throw new AssertionFailedError("the workload failed before any power cut: " + e, e);
        } finally {
            installed.close();
        }
        List<CrashPoint> all = recording.crashPoints();
        return all.subList(setupChanges, all.size());
    }

    private static final class CheckCounts {
        final Set<String> seen = new HashSet<>();
        int checked;
        int repeated;
    }

    private void check(CrashPoint point, int of, StateDirectory states, CheckCounts counts) {
        CrashStates crashStates = new CrashStates(exhaustiveUpTo, samples, pointSeed(point.number()));
        int[] index = {0};
        crashStates.enumerateImages(point.state(), files -> {
            index[0]++;
            if (!counts.seen.add(StateDirectory.digest(files))) {
                counts.repeated++;
                return;
            }
            counts.checked++;
            states.write(files);
            Throwable problem = checkState(states.path().resolve(heapName));
            if (problem != null) {
                throw failure(point, of, index[0], states.path(), files, problem);
            }
        });
    }

    private Throwable checkState(Path heapFile) {
        try (Heap heap = opener.open(heapFile)) {
            invariant.check(heap);
            return null;
        } catch (Exception | AssertionError e) {
            return e;
        }
    }

    private PowerCutFailure failure(CrashPoint point, int of, int state, Path directory, Map<String, FileImage> files,
            Throwable problem) {
        String message = "power cut after change " + point.number() + " of " + of + " to the disk (" + point.operation()
                + "), state " + state + " of that instant (files " + files.keySet() + "): " + problem
                + "\n  replay with .seed(" + seed + "L).onlyCrashPoint(" + point.number() + "); the state's files are in "
                + directory;
        return new PowerCutFailure(message, seed, point.number(), state, point.operation(), directory, problem);
    }

    /** Each crash point's states depend only on the seed and the point, so that one point replays alone. */
    private long pointSeed(int point) {
        return new SplittableRandom(seed ^ (point * 0x9E3779B97F4A7C15L)).nextLong();
    }

    private static long defaultSeed() {
        String property = System.getProperty(SEED_PROPERTY);
        if (property != null) {
            try {
                return Long.parseLong(property.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(SEED_PROPERTY + " must be a number, not \"" + property + "\"", e);
            }
        }
        return ThreadLocalRandom.current().nextLong();
    }

    private static Path createBase() {
        try {
            // The real path: FAMS names its files by real paths, and finds the installed storage by them.
            return Files.createTempDirectory("ferrite-power-cuts").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for the power-cut test", e);
        }
    }

    static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
