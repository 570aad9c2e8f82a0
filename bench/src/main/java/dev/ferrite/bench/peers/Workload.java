package dev.ferrite.bench.peers;

import dev.ferrite.fams.Durability;

/** The workloads of the comparison, each with the durability its commits have and what it counts. */
public enum Workload {
    /** 16 accounts of 1,000,000; one random transfer (1 to 100) per durable commit. */
    BANK_1("bank-1", "transfers", 1, Durability.SYNC),
    /** Every word of a text, lower-cased, split on non-letters; a durable commit every 1,000 words. */
    WORDFREQ("wordfreq", "words", 1_000, Durability.SYNC),
    /** As {@link #BANK_1}, 1,000 transfers per durable commit. */
    BANK_1000("bank-1000", "transfers", 1_000, Durability.SYNC),
    /** As {@link #BANK_1}, each commit atomic but not synced when it returns. */
    BANK_1_ASYNC("bank-1 async", "transfers", 1, Durability.ASYNC),
    /** A 4 KiB {@code pwrite} + {@code fdatasync} in a small file: what one durable commit cannot beat. */
    SYNC_FLOOR("1-sync floor", "syncs", 1, Durability.SYNC);

    private final String label;
    private final String unit;
    private final int opsPerCommit;
    private final Durability durability;

    Workload(String label, String unit, int opsPerCommit, Durability durability) {
        this.label = label;
        this.unit = unit;
        this.opsPerCommit = opsPerCommit;
        this.durability = durability;
    }

    public String label() {
        return label;
    }

    /** What one operation of this workload is. */
    public String unit() {
        return unit;
    }

    public int opsPerCommit() {
        return opsPerCommit;
    }

    public Durability durability() {
        return durability;
    }

    /** The workload called {@code label} (as in the table, or the constant's name in any case). */
    public static Workload parse(String label) {
        for (Workload w : values()) {
            if (w.label.equalsIgnoreCase(label) || w.name().equalsIgnoreCase(label.replace('-', '_'))) {
                return w;
            }
        }
        throw new IllegalArgumentException("no workload \"" + label + "\"; workloads: bank-1, wordfreq, bank-1000,"
                + " bank-1-async");
    }
}
