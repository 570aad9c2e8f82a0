package dev.ferrite.fams.log;

import java.util.List;

/**
 * The result of validating the records of an armed log: the records that validated, in log order,
 * and, if the log is incomplete, what was found where the next valid record or trailer should be.
 */
public record LogScan(List<PageRecord> records, String problem) {
    public LogScan {
        records = List.copyOf(records);
    }

    /** Whether every record and the trailer the header announces are present and valid. */
    public boolean complete() {
        return problem == null;
    }
}
