package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.testing.Account;
import dev.ferrite.runtime.testing.SmallFileSystem;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heap whose capacity is larger than the tmpfs under it: the first touch of a sparse page on
 * the full file system is a memory fault, reported as {@link DiskFullException} (as a commit the
 * disk refuses is, see {@link FullDiskTest}), which must not leave half an operation for the next
 * commit.
 */
class FullFileSystemTest {
    private static final HeapOptions LARGER_THAN_THE_DISK = HeapOptions.builder().capacity(16 << 20).build();

    @TempDir
    Path dir;

    @Test
    void aFaultOnAFullFileSystemIsHeapFullAndCommitWaitsForRollback() throws Exception {
        try (SmallFileSystem tmpfs = SmallFileSystem.tmpfs(dir.resolve("small"), "2m")) {
            Path path = tmpfs.directory().resolve("full.heap");
            try (Heap heap = Heap.open(path, LARGER_THAN_THE_DISK)) {
                heap.root("main", Account.class).id(1);
                heap.commit();

                HeapFullException full = assertThrows(HeapFullException.class, () -> {
                    for (int i = 0; i < 1_000_000; i++) {
                        heap.allocate(Account.class).id(i);
                    }
                });
                assertTrue(full.getMessage().startsWith(path + ": allocate a test.Account record failed: the file system"
                        + " under the heap's memory mapping is full"), full.getMessage());
                assertTrue(full.getMessage().contains("rollback()"), full.getMessage());
                assertInstanceOf(InternalError.class, full.getCause());
                DiskFullException disk = assertInstanceOf(DiskFullException.class, full);
                assertTrue(disk.fileSystem().startsWith(tmpfs.directory() + " (tmpfs)"), disk.fileSystem());
                assertEquals(4096, disk.neededBytes());
                assertTrue(disk.freeBytes() >= 0 && disk.freeBytes() < disk.neededBytes(), full.getMessage());
                assertTrue(full.getMessage().contains("file system " + disk.fileSystem() + ": 4096 bytes needed, "
                        + disk.freeBytes() + " bytes free"), full.getMessage());

                var refused = assertThrows(RollbackRequiredException.class, heap::commit);
                assertTrue(refused.getMessage().startsWith("cannot commit " + path + ": allocate a test.Account record"
                        + " failed midway"), refused.getMessage());
                assertTrue(refused.getMessage().contains("call rollback()"), refused.getMessage());
                // Refused again: nothing but a rollback clears it.
                assertThrows(RollbackRequiredException.class, heap::commit);

                heap.rollback();
                heap.commit();
                assertEquals(1, heap.root("main", Account.class).id());
            }
            try (Heap heap = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
                assertEquals(List.of(), heap.verify());
                VerifyReport report = HeapVerifier.verify(path);
                assertTrue(report.clean(), report.toString());
                assertEquals(1, heap.root("main", Account.class).id());
                assertEquals(1, heap.info().allocatedBlocks() - 2, "only the root record, catalog and root table");
            }
        }
    }

    @Test
    void aListThatFillsTheFileSystemIsRolledBackWhole() throws Exception {
        try (SmallFileSystem tmpfs = SmallFileSystem.tmpfs(dir.resolve("small"), "2m")) {
            Path path = tmpfs.directory().resolve("list.heap");
            try (Heap heap = Heap.open(path, LARGER_THAN_THE_DISK)) {
                PersistentList<Long> numbers = PersistentList.root(heap, "numbers", ValueType.LONG);
                numbers.addLong(7);
                heap.commit();

                HeapFullException full = assertThrows(HeapFullException.class, () -> {
                    for (long i = 0; i < 10_000_000; i++) {
                        numbers.addLong(i);
                    }
                });
                assertTrue(full.getMessage().startsWith(path + ": "), full.getMessage());
                var refused = assertThrows(RollbackRequiredException.class, heap::commit);
                assertTrue(refused.getMessage().contains(": add to the list at handle " + numbers.handle()
                        + " failed midway"), refused.getMessage());

                heap.rollback();
                assertEquals(1, numbers.size());
                heap.commit();
            }
            try (Heap heap = Heap.open(path, HeapOptions.builder().readOnly(true).build())) {
                assertEquals(List.of(), heap.verify());
                assertTrue(HeapVerifier.verify(path).clean());
                PersistentList<Long> numbers = PersistentList.root(heap, "numbers", ValueType.LONG);
                assertEquals(1, numbers.size());
                assertEquals(7L, numbers.getLong(0));
            }
        }
    }
}
