package dev.ferrite.runtime;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link HeapVerifier#verify} (or, as text, {@link Heap#verify()}) found in a heap.
 *
 * @param heap the heap file
 * @param blocks allocated blocks
 * @param allocatedBytes bytes in allocated blocks
 * @param reachable blocks reached from the roots and the heap's own metadata
 * @param records struct records checked
 * @param strings heap strings checked
 * @param problems what is wrong, in the order found; at most {@link #MAX_PROBLEMS}
 * @param omitted problems found beyond {@link #MAX_PROBLEMS}, not listed
 * @param notes limits of the check that are not problems, such as embedded structs whose layout
 *     the catalog does not hold
 */
public record VerifyReport(
        Path heap,
        long blocks,
        long allocatedBytes,
        long reachable,
        long records,
        long strings,
        List<Problem> problems,
        long omitted,
        List<String> notes) {
    /** The most problems a report lists; a heap damaged beyond that is damaged enough. */
    public static final int MAX_PROBLEMS = 1000;

    public VerifyReport {
        Objects.requireNonNull(heap, "heap");
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** Receives how far a verification has got, for a progress bar. */
    @FunctionalInterface
    public interface Progress {
        /** {@code done} of {@code total} blocks have been checked. */
        void update(long done, long total);
    }

    /** Whether no problem was found. */
    public boolean clean() {
        return problems.isEmpty();
    }

    /** The kinds of the problems found. */
    public Set<Kind> kinds() {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        problems.forEach(problem -> kinds.add(problem.kind()));
        return kinds;
    }

    /**
     * One problem.
     *
     * @param kind what sort of problem
     * @param offset where in the heap file: the block or record at fault
     * @param message what is wrong, naming the record, field and offsets involved
     */
    public record Problem(Kind kind, long offset, String message) {
        public Problem {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The sorts of problems, each with what to do about it. */
    public enum Kind {
        /** One of the two header copies is damaged; the heap opened with the other. */
        HEADER("one header copy is damaged and the heap runs on the other: the next commit that rewrites the"
                + " header (creating or removing a root, storing a new type, growing the heap) restores both; if"
                + " damage recurs, the disk is failing: copy the file elsewhere", false),
        /** Allocated blocks that overlap, or a block the allocator does not know. */
        ALLOCATOR("the allocator's page table is inconsistent", true),
        /** A record whose header, size or field values are impossible. */
        RECORD("records are damaged", true),
        /** A reference that leads nowhere, to a misaligned offset, or to a record of another type. */
        REFERENCE("references are damaged or dangling (a record was freed while still referenced; check that the"
                + " application clears references before it frees records)", true),
        /** A heap string that is not valid UTF-8 or does not fit its block. */
        STRING("heap strings are damaged", true),
        /** A sorted map or list whose structure is broken. */
        COLLECTION("a runtime collection is damaged", true),
        /** An allocated block that nothing reaches: its space is lost, the data is intact. */
        LEAK("leaked blocks waste space but harm no data: the application allocated records it never linked"
                + " or unlinked records it never freed; inspect them with `ferrite dump` and free them from"
                + " the application", false);

        private final String advice;
        private final boolean damage;

        Kind(String advice, boolean damage) {
            this.advice = advice;
            this.damage = damage;
        }

        /**
         * What to do about problems of this kind, with only the commands that work on {@code heap}:
         * a rollback is suggested only to one of {@code earlierCommits}, the commits before the last
         * that the heap retains.
         */
        public String advice(Path heap, List<Long> earlierCommits) {
            if (!damage) {
                return advice;
            }
            if (earlierCommits.isEmpty()) {
                return advice + ": the heap retains no earlier commit to roll back to, so restore the file from a"
                        + " backup";
            }
            return advice + ": roll back to an earlier commit (`ferrite rollback " + heap + " --to <n>`, where <n>"
                    + " is one of " + earlierCommits + ", the newest first to lose least) or restore the file from"
                    + " a backup";
        }

        /**
         * What to do about problems of this kind when no earlier commit is known to be retained;
         * {@link #advice(Path, List)} names the commands for a given heap.
         */
        public String advice() {
            return damage ? advice + ": restore the file from a backup, or roll back to an earlier commit if"
                    + " `ferrite versions` lists one" : advice;
        }
    }
}
