package dev.ferrite.cli.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsStatistics;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.Migration;
import dev.ferrite.runtime.struct.StructType;
import dev.ferrite.testing.CompiledVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a heap tells an application about itself: the statistics snapshot, and the flight-recorder
 * events of its commits and of a migration, recorded as JDK Mission Control would record them.
 */
class ObservabilityTest {
    private static final int ACCOUNTS = 50;

    @TempDir
    Path dir;

    @Test
    void statisticsFollowTheHeapsCommits() {
        CompiledVersion v1 = Versions.v1();
        try (Heap heap = DemoHeap.create(dir.resolve("stats.heap"))) {
            FamsStatistics before = heap.statistics();
            DemoHeap.write(heap, v1, ACCOUNTS, true);
            FamsStatistics after = heap.statistics();
            assertTrue(after.commits() > before.commits());
            assertEquals(heap.versions().getLast(), after.lastCommitNumber());
            assertTrue(after.pagesPerCommit() >= 1, "writing accounts changes pages: " + after);
            assertTrue(after.bytesLogged() > before.bytesLogged());
            assertTrue(after.syncs() > before.syncs());
            assertNotNull(after.lastCommitTime());
        }
    }

    @Test
    void aMigrationIsRecordedWithWhatItRewrote() throws IOException {
        Path file = dir.resolve("bank.heap");
        try (Heap heap = DemoHeap.create(file)) {
            DemoHeap.write(heap, Versions.v1(), ACCOUNTS, true);
        }
        CompiledVersion v3 = Versions.v3();
        List<StructType<?>> types = List.of(v3.structType("demo.Account"), v3.structType("demo.Branch"));
        Path jfr = dir.resolve("migration.jfr");
        Migration.Result result;
        try (Recording recording = new Recording()) {
            recording.enable("dev.ferrite.runtime.Migration").withThreshold(Duration.ZERO);
            recording.enable("dev.ferrite.fams.Commit").withThreshold(Duration.ZERO);
            recording.start();
            try (Heap heap = Heap.open(file)) {
                result = Migration.run(heap, types, MigrationTest.options(v3));
            }
            recording.stop();
            recording.dump(jfr);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(jfr);
        RecordedEvent migration = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.ferrite.runtime.Migration")).findFirst()
                .orElseThrow();
        assertEquals(result.commit(), migration.getLong("commitNumber"));
        assertEquals(result.rewritten(), migration.getLong("rewritten"));
        assertEquals(result.relocated(), migration.getLong("relocated"));
        assertEquals(result.referencesRewritten(), migration.getLong("referencesRewritten"));
        assertEquals(1, migration.getLong("types"), "only demo.Account changes");
        assertTrue(migration.getString("heap").contains("bank.heap"));
        RecordedEvent commit = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.ferrite.fams.Commit"))
                .filter(e -> e.getLong("commitNumber") == result.commit()).findFirst().orElseThrow();
        assertTrue(commit.getLong("pages") > 0);
    }
}
