package dev.ferrite.fams.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** The recovery that opening a FAMS file runs, whatever it found. */
@Name("dev.ferrite.fams.Recovery")
@Label("FAMS Recovery")
@Category({"Ferrite", "FAMS"})
@Description("What opening a file found and did before mapping it")
@StackTrace(false)
public final class RecoveryEvent extends Event {
    @Label("File")
    public String path;

    @Label("Outcome")
    public String outcome;

    @Label("Commit Number")
    @Description("The commit the file holds after recovery")
    public long commitNumber;

    @Label("Detail")
    public String detail;

    @Label("Read Only")
    public boolean readOnly;

    @Label("Bytes Written")
    @Description("Bytes written to the data file by recovery")
    @DataAmount
    public long bytesWritten;

    @Label("Syncs")
    public long syncs;
}
