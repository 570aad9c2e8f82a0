package dev.ferrite.fams.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** One checkpoint of a FAMS file in write-ahead mode: committed pages written into the data file. */
@Name("dev.ferrite.fams.Checkpoint")
@Label("FAMS Checkpoint")
@Category({"Ferrite", "FAMS"})
@Description("Committed pages written into the data file, which is synced, and the write-ahead log restarted")
@StackTrace(false)
public final class CheckpointEvent extends Event {
    @Label("File")
    public String path;

    @Label("Commit Number")
    @Description("The last commit, now wholly in the data file")
    public long commitNumber;

    @Label("Log Size")
    @Description("Bytes the write-ahead log held before it restarted")
    @DataAmount
    public long logBytes;

    @Label("Bytes Written")
    @Description("Bytes written to the data file")
    @DataAmount
    public long bytesWritten;

    @Label("Syncs")
    public long syncs;

    @Label("Sync Time")
    @Timespan
    public long syncTime;
}
