package dev.ferrite.runtime.migrate;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** One migration of a heap that changed it, committed as one commit. */
@Name("dev.ferrite.runtime.Migration")
@Label("Heap Migration")
@Category({"Ferrite", "Heap"})
@Description("Records brought up to the compiled schema, relocated where they grew, references rewritten")
@StackTrace(false)
public final class MigrationEvent extends Event {
    @Label("Heap")
    public String heap;

    @Label("Types")
    @Description("Stored types the migration changed")
    public long types;

    @Label("Records Rewritten")
    public long rewritten;

    @Label("Records Relocated")
    public long relocated;

    @Label("References Rewritten")
    public long referencesRewritten;

    @Label("Commit Number")
    @Description("The commit that holds the migrated heap")
    public long commitNumber;

    /** Fills in the event and records it, if a recording asks for it. */
    public void end(String heap, long types, MigrationEngine.Counts counts, long commitNumber) {
        if (shouldCommit()) {
            this.heap = heap;
            this.types = types;
            this.rewritten = counts.rewritten();
            this.relocated = counts.relocated();
            this.referencesRewritten = counts.references();
            this.commitNumber = commitNumber;
            commit();
        }
    }
}
