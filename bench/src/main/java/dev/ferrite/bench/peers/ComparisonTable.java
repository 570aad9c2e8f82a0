package dev.ferrite.bench.peers;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The comparison as a Markdown table, one row per workload and store: the median of operations
 * per second over the runs, their range, the ratio to the best peer (Ferrite excluded) on the same
 * workload, commits per second as a fraction of the floor's syncs per second, and the bytes written
 * per commit; then the goals of the write-ahead issue as ratios of medians.
 */
final class ComparisonTable {
    record Row(Workload workload, Store store, String label, List<RunResult> results) {
        double median() {
            return quantile(0.5);
        }

        double min() {
            return results.stream().mapToDouble(RunResult::opsPerSecond).min().orElseThrow();
        }

        double max() {
            return results.stream().mapToDouble(RunResult::opsPerSecond).max().orElseThrow();
        }

        double medianBytesPerCommit() {
            double[] v = results.stream().mapToDouble(RunResult::bytesPerCommit).sorted().toArray();
            return v[v.length / 2];
        }

        private double quantile(double q) {
            double[] v = results.stream().mapToDouble(RunResult::opsPerSecond).sorted().toArray();
            if (v.length % 2 == 0 && q == 0.5) {
                return (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            }
            return v[(int) Math.round(q * (v.length - 1))];
        }
    }

    private final List<Row> rows;

    ComparisonTable(List<Row> rows) {
        this.rows = rows;
    }

    void print(PrintStream out, int runs) {
        Optional<Row> floor = find(Workload.SYNC_FLOOR, null);
        out.printf(Locale.ROOT, "%nMedian of %d runs, each in a fresh JVM; ratios are of medians.%n%n", runs);
        out.println("| workload | store | ops/s (median) | min – max | × best peer | commits/s ÷ floor | bytes written/commit |");
        out.println("|---|---|---:|---:|---:|---:|---:|");
        for (Row row : rows) {
            double median = row.median();
            String best = row.store() == null ? "" : bestPeer(row.workload())
                    .map(peer -> String.format(Locale.ROOT, "%.2f×", median / peer.median())).orElse("");
            String toFloor = floor.map(f -> String.format(Locale.ROOT, "%.2f",
                    median / row.workload().opsPerCommit() / f.median())).orElse("");
            out.printf(Locale.ROOT, "| %s | %s | %s %s/s | %s – %s | %s | %s | %s |%n", row.workload().label(),
                    row.label(), count(median), row.workload().unit(), count(row.min()), count(row.max()), best,
                    toFloor, count(row.medianBytesPerCommit()));
        }
        out.println();
        goal(out, Workload.BANK_1, Store.SQLITE, 1.1);
        floor.ifPresent(f -> find(Workload.BANK_1, Store.FERRITE).ifPresent(ferrite -> out.printf(Locale.ROOT,
                "goal bank-1: Ferrite ÷ floor = %.2f (goal ≥ 0.9): %s%n", ferrite.median() / f.median(),
                ferrite.median() / f.median() >= 0.9 ? "met" : "MISSED")));
        goal(out, Workload.WORDFREQ, Store.LMDB, 2);
        goal(out, Workload.BANK_1000, Store.MVSTORE, 2);
        goal(out, Workload.BANK_1_ASYNC, Store.SQLITE, 2);
    }

    private void goal(PrintStream out, Workload workload, Store peer, double goal) {
        Optional<Row> ferrite = find(workload, Store.FERRITE);
        Optional<Row> other = find(workload, peer);
        if (ferrite.isPresent() && other.isPresent()) {
            double ratio = ferrite.get().median() / other.get().median();
            out.printf(Locale.ROOT, "goal %s: Ferrite ÷ %s = %.2f× (goal ≥ %.1f×): %s%n", workload.label(),
                    other.get().label(), ratio, goal, ratio >= goal ? "met" : "MISSED");
        }
    }

    private Optional<Row> find(Workload workload, Store store) {
        return rows.stream().filter(r -> r.workload() == workload && r.store() == store).findFirst();
    }

    private Optional<Row> bestPeer(Workload workload) {
        return rows.stream()
                .filter(r -> r.workload() == workload && r.store() != null && r.store() != Store.FERRITE)
                .max((a, b) -> Double.compare(a.median(), b.median()));
    }

    /** 12,345 below a million, else 1.23 M. */
    private static String count(double v) {
        return v >= 1e6 ? String.format(Locale.ROOT, "%.2f M", v / 1e6) : String.format(Locale.ROOT, "%,.0f", v);
    }
}
