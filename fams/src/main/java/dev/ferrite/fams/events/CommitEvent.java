package dev.ferrite.fams.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** One commit of a FAMS file, with what it wrote and how long each step took. */
@Name("dev.ferrite.fams.Commit")
@Label("FAMS Commit")
@Category({"Ferrite", "FAMS"})
@Description("A failure-atomic commit: the changed pages found, logged and made durable")
@StackTrace(false)
public final class CommitEvent extends Event {
    @Label("File")
    public String path;

    @Label("Commit Number")
    public long commitNumber;

    @Label("Mode")
    @Description("UNDO or REDO (write-ahead)")
    public String mode;

    @Label("Durability")
    @Description("SYNC: durable on return; ASYNC: durable after the background sync")
    public String durability;

    @Label("Pages")
    @Description("Pages changed since the previous commit")
    public long pages;

    @Label("Bytes Logged")
    @DataAmount
    public long bytesLogged;

    @Label("Bytes Written")
    @Description("Bytes written to the data file")
    @DataAmount
    public long bytesWritten;

    @Label("Syncs")
    public long syncs;

    @Label("Scan Time")
    @Description("Finding the changed pages")
    @Timespan
    public long scanTime;

    @Label("Write Time")
    @Description("Writing the log and the data file, syncs excluded")
    @Timespan
    public long writeTime;

    @Label("Sync Time")
    @Timespan
    public long syncTime;
}
