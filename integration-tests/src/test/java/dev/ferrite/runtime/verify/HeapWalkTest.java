package dev.ferrite.runtime.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.VerifyReport;
import dev.ferrite.runtime.VerifyReport.Kind;
import dev.ferrite.runtime.heap.ArenaMemory;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.struct.Flyweight;
import dev.ferrite.runtime.struct.LittleEndian;
import dev.ferrite.runtime.testing.Account;
import dev.ferrite.runtime.testing.AccountFlyweight;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HeapWalkTest {
    private final HeapCore heap = HeapCore.format(new ArenaMemory(1 << 20), "test heap");

    private VerifyReport walk() {
        return new HeapWalk(heap, Path.of("test heap"), (done, total) -> { }).run();
    }

    private List<String> problems() {
        return walk().problems().stream().map(VerifyReport.Problem::message).toList();
    }

    @Test
    void findsBrokenReferencesAndStringsInRecords() {
        Account a = heap.root("a", AccountFlyweight.TYPE, true).orElseThrow();
        Account b = heap.root("b", AccountFlyweight.TYPE, true).orElseThrow();
        a.referrer(b);
        a.memo("fine");
        b.memo("ok");
        assertEquals(List.of(), problems());
        long aAt = ((Flyweight) a).offset();
        long bMemo = heap.segment().get(LittleEndian.LONG, ((Flyweight) b).offset() + AccountFlyweight.OFFSET_MEMO);
        heap.segment().set(LittleEndian.LONG, aAt + AccountFlyweight.OFFSET_REFERRER, bMemo);
        heap.segment().set(LittleEndian.INT, bMemo + 8, 4000);
        List<String> problems = problems();
        assertEquals(2, problems.size(), problems.toString());
        assertEquals(Set.of(
                        "test.Account record at offset " + aAt + ", field referrer: refers to offset " + bMemo
                                + ", which holds a ferrite.String, not a test.Account",
                        "the string at offset " + bMemo + " has length 4000, which does not fit its block of 16 bytes"),
                Set.copyOf(problems));
        heap.segment().set(LittleEndian.LONG, aAt + AccountFlyweight.OFFSET_MEMO, ((Flyweight) b).offset());
        assertEquals(true, problems().contains("test.Account record at offset " + aAt
                + ", field memo: refers to the string at offset " + ((Flyweight) b).offset()
                + ", which holds a test.Account, not a string"), problems().toString());
    }

    @Test
    void aBlockNothingReachesIsReportedAsALeakAndStillChecked() {
        heap.root("a", AccountFlyweight.TYPE, true).orElseThrow();
        Account orphan = heap.allocate(AccountFlyweight.TYPE);
        orphan.memo("lost");
        long memo = heap.segment().get(LittleEndian.LONG, ((Flyweight) orphan).offset() + AccountFlyweight.OFFSET_MEMO);
        heap.segment().set(LittleEndian.INT, memo + 8, 4000);
        VerifyReport report = walk();
        assertEquals(Set.of(Kind.LEAK, Kind.STRING), report.kinds(), report.problems().toString());
        assertEquals(Set.of(((Flyweight) orphan).offset(), memo), report.problems().stream()
                .filter(problem -> problem.kind() == Kind.LEAK).map(VerifyReport.Problem::offset)
                .collect(Collectors.toSet()));
        assertEquals(List.of("the string at offset " + memo + " has length 4000, which does not fit its block of 16 bytes"),
                report.problems().stream().filter(problem -> problem.kind() == Kind.STRING)
                        .map(VerifyReport.Problem::message).toList());
        assertEquals(1, report.records(), "records reached from a root");
    }
}
