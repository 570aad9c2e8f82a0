package dev.ferrite.test;

import dev.ferrite.runtime.Heap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.opentest4j.AssertionFailedError;

/**
 * Runs your application's {@code main} in a child JVM, SIGKILLs it at a random instant, checks
 * the heap, and starts it again: the crash a process meets when it is killed, runs out of memory
 * or its machine is rebooted (the kernel keeps what it was given; see {@link PowerCuts} for power
 * failures).
 *
 * <pre>{@code
 * KillReport report = KillTest.of(BankMain.class)
 *         .arguments("--heap", KillTest.HEAP, "--transfers", "100000")
 *         .kills(20)
 *         .killAfterOutput("open")                   // BankMain prints it once its heap is open
 *         .invariant(heap -> assertEquals(200, total(heap)))
 *         .run(tempDir.resolve("bank.heap"));
 * }</pre>
 *
 * <p>The child runs with this JVM's {@code java} and class path and {@code
 * --enable-native-access=ALL-UNNAMED}, and the {@link #arguments}, where {@value #HEAP} stands for
 * the heap's path. Each round waits a random time in {@link #killAfter} (from the child's start,
 * or from a line it prints: {@link #killAfterOutput}) and kills the child
 * with {@code SIGKILL} ({@link Process#destroyForcibly()}); then the heap is opened in this JVM
 * ({@link #openWith}, {@code Heap::open} by default) and the invariant checked, and the next round
 * starts the child again on the same heap, so it must carry on from what it finds. A child that
 * exits by itself with status 0 before its kill simply ends its round; any other status fails
 * the test, with its output. A kill timed too late for every round fails the test too, since it
 * tested nothing. The seed ({@link #seed}, random by default, or the system property {@value
 * PowerCuts#SEED_PROPERTY}) chooses the instants and is named in every failure; the instants
 * depend on the machine's speed, so a seed does not replay a kill exactly.
 */
public final class KillTest {
    /** In an {@link #arguments argument}, stands for the heap's path. */
    public static final String HEAP = "{heap}";

    private final Class<?> mainClass;
    private final List<String> arguments = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private HeapInvariant invariant = heap -> {};
    private HeapOpener opener = Heap::open;
    private int kills = 10;
    private long seed;
    private boolean seeded;
    private Duration killAfterMin = Duration.ofMillis(200);
    private Duration killAfterMax = Duration.ofMillis(1500);
    private Duration timeout = Duration.ofMinutes(1);
    private String startMarker;

    private KillTest(Class<?> mainClass) {
        this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
    }

    /** A kill test of the {@code public static void main(String[])} of {@code mainClass}. */
    public static KillTest of(Class<?> mainClass) {
        return new KillTest(mainClass);
    }

    /** The child's arguments; {@value #HEAP} in any of them stands for the heap's path. */
    public KillTest arguments(String... arguments) {
        this.arguments.addAll(List.of(arguments));
        return this;
    }

    /** Options for the child JVM, like {@code -Xmx256m}. */
    public KillTest jvmOptions(String... options) {
        this.jvmOptions.addAll(List.of(options));
        return this;
    }

    /** How many times to start and kill the child; 10 by default. */
    public KillTest kills(int kills) {
        if (kills < 1) {
            throw new IllegalArgumentException("kills must be at least 1, not " + kills);
        }
        this.kills = kills;
        return this;
    }

    /**
     * How long after its start the child is killed: uniformly between {@code min} and {@code max};
     * by default 200 ms (a JVM starts in about that) to 1.5 s.
     */
    public KillTest killAfter(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 <= min <= max, not " + min + " and " + max);
        }
        this.killAfterMin = min;
        this.killAfterMax = max;
        return this;
    }

    /**
     * Counts the {@link #killAfter} delay from the moment the child's output first contains
     * {@code marker} (say, a line it prints once its heap is open), instead of from its start, so
     * that no kill is spent on the JVM's start. A child that exits or runs past the {@link
     * #timeout} without printing it fails the test.
     */
    public KillTest killAfterOutput(String marker) {
        this.startMarker = Objects.requireNonNull(marker, "marker");
        return this;
    }

    /** The longest a round may take, child and check together; a minute by default. */
    public KillTest timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /** What must hold in the heap after every kill; by default only that it opens. */
    public KillTest invariant(HeapInvariant invariant) {
        this.invariant = Objects.requireNonNull(invariant, "invariant");
        return this;
    }

    /** How the heap is opened for the check; {@code Heap::open} by default. */
    public KillTest openWith(HeapOpener opener) {
        this.opener = Objects.requireNonNull(opener, "opener");
        return this;
    }

    /** The seed that chooses the instants of the kills. */
    public KillTest seed(long seed) {
        this.seed = seed;
        this.seeded = true;
        return this;
    }

    /**
     * Runs the rounds on the heap at {@code heap} (created by the child if absent).
     *
     * @return how many children were killed while running
     * @throws AssertionFailedError if the invariant failed or the heap did not open after a kill,
     *     a child failed by itself, or no kill came while a child was running
     */
    public KillReport run(Path heap) {
        long runSeed = seeded ? seed : seedFromProperty();
        SplittableRandom random = new SplittableRandom(runSeed);
        Path output;
        try {
            output = Files.createTempFile("ferrite-kill-test", ".txt");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int killed = 0;
        try {
            for (int round = 1; round <= kills; round++) {
                long delay = random.nextLong(killAfterMin.toNanos(), killAfterMax.toNanos() + 1);
                String where = "round " + round + " of " + kills + " (seed " + runSeed + "L)";
                if (runAndKill(heap, output, delay, where)) {
                    killed++;
                }
                Throwable problem = check(heap);
                if (problem != null) {
                    throw new AssertionFailedError("after the child was killed in " + where + ", " + problem
                            + "\n  child output:\n" + tail(output), problem);
                }
            }
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // A temporary file left behind is not worth failing the test for.
            }
        }
        if (killed == 0) {
            throw new AssertionFailedError("every child finished before its kill (" + killAfterMin.toMillis() + " to "
                    + killAfterMax.toMillis() + " ms after its start): give it more work, or kill it sooner");
        }
        return new KillReport(runSeed, kills, killed);
    }

    /** Starts the child and kills it after {@code delayNanos}; whether it was still running then. */
    private boolean runAndKill(Path heap, Path output, long delayNanos, String where) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        for (String argument : arguments) {
            command.add(argument.replace(HEAP, heap.toString()));
        }
        try {
            Process child = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (startMarker != null) {
                awaitMarker(child, output, where);
            }
            boolean exited = child.waitFor(delayNanos, TimeUnit.NANOSECONDS);
            if (!exited) {
                child.destroyForcibly();
                if (!child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new AssertionFailedError("the child did not die after SIGKILL in " + where);
                }
                return true;
            }
            if (child.exitValue() != 0) {
                throw new AssertionFailedError("the child exited by itself with status " + child.exitValue() + " in "
                        + where + ":\n" + tail(output));
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted in " + where, e);
        }
    }

    private void awaitMarker(Process child, Path output, String where) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(output, StandardCharsets.UTF_8).contains(startMarker)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                child.destroyForcibly();
                child.waitFor();
                throw new AssertionFailedError("the child did not print \"" + startMarker + "\" in " + where
                        + (child.exitValue() == 0 ? "" : " (exit status " + child.exitValue() + ")") + ":\n" + tail(output));
            }
            Thread.sleep(2);
        }
    }

    private Throwable check(Path heap) {
        if (!Files.exists(heap)) {
            return null; // killed before it created the heap
        }
        try (Heap opened = opener.open(heap)) {
            invariant.check(opened);
            return null;
        } catch (Exception | AssertionError e) {
            return e;
        }
    }

    private static String tail(Path output) {
        try {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static long seedFromProperty() {
        String property = System.getProperty(PowerCuts.SEED_PROPERTY);
        return property != null ? Long.parseLong(property.trim()) : ThreadLocalRandom.current().nextLong();
    }
}
