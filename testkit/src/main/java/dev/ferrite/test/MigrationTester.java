package dev.ferrite.test;

import dev.ferrite.fams.CommitMode;
import dev.ferrite.fams.DirtyTracking;
import dev.ferrite.fams.FamsFile;
import dev.ferrite.fams.FamsOptions;
import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.Migration;
import dev.ferrite.runtime.heap.FamsMemory;
import dev.ferrite.runtime.heap.HeapCore;
import dev.ferrite.runtime.schema.document.SchemaFolder;
import dev.ferrite.runtime.struct.StructType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Objects;

/**
 * Tests a migration from the schemas an earlier release exported, as Android Room's {@code
 * MigrationTestHelper} does: create a heap holding records of an old version, written from the
 * JSON in the schema folder ({@code -Aferrite.schemaLocation}) since its classes are gone, run the
 * migration to the compiled structs, and read the heap back through them.
 *
 * <pre>{@code
 * MigrationTester tester = MigrationTester.of(Path.of("src/main/schemas"));
 * try (SchemaHeap old = tester.createHeap(heapFile)) {
 *     old.root("main", "com.acme.Account", 1, Map.of("id", 7L, "cents", 1250, "owner", "Ada"));
 * }
 * Migration.Result result = tester.migrate(heapFile, List.of(AccountFlyweight.TYPE));
 * try (Heap heap = Heap.open(heapFile)) {
 *     assertEquals(12.5, heap.root("main", Account.class).balance());
 * }
 * }</pre>
 */
public final class MigrationTester {
    private final SchemaFolder folder;

    private MigrationTester(Path schemaFolder) {
        this.folder = new SchemaFolder(Objects.requireNonNull(schemaFolder, "schemaFolder"));
    }

    /** A tester reading exported schemas from {@code schemaFolder}, laid out {@code <schemaName>/<version>.json}. */
    public static MigrationTester of(Path schemaFolder) {
        if (!Files.isDirectory(schemaFolder)) {
            throw new IllegalArgumentException(schemaFolder.toAbsolutePath() + " is not a directory: give the folder"
                    + " of -Aferrite.schemaLocation");
        }
        return new MigrationTester(schemaFolder);
    }

    /**
     * Creates a heap at {@code heap} (which must not exist) with the default options, to be filled
     * with records of exported versions; closing the result commits them.
     */
    public SchemaHeap createHeap(Path heap) {
        if (Files.exists(heap)) {
            throw new IllegalArgumentException(heap + " exists: a migration test starts from a new heap");
        }
        Heap.open(heap).close();
        // The heap's own commit mode, whichever the default is: FAMS refuses to open a file in the other mode.
        boolean redo = Files.exists(heap.resolveSibling(heap.getFileName() + ".fams-redo"));
        FamsFile file = FamsFile.open(heap, FamsOptions.builder().dirtyTracking(DirtyTracking.EXPLICIT)
                .commitMode(redo ? CommitMode.REDO : CommitMode.UNDO).build());
        try {
            return new SchemaHeap(heap, folder, file, HeapCore.load(new FamsMemory(file), heap.toString(), true));
        } catch (RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    /** {@link #migrate(Path, Collection, Migration.Options)} with the default options. */
    public Migration.Result migrate(Path heap, Collection<? extends StructType<?>> types) {
        return migrate(heap, types, Migration.Options.defaults());
    }

    /**
     * Migrates the heap at {@code heap} to the compiled {@code types} ({@code AccountFlyweight.TYPE}
     * for {@code Account}) as {@code ferrite migrate} does, and closes it.
     *
     * @throws dev.ferrite.runtime.SchemaMigrationRequiredException if the migration plan has problems
     */
    public Migration.Result migrate(Path heap, Collection<? extends StructType<?>> types, Migration.Options options) {
        try (Heap opened = openForMigration(heap)) {
            return Migration.run(opened, types, options);
        }
    }

    /**
     * Opens the heap without checking its types against the classes this thread's context loader
     * sees, as the command-line tool does: with the compiled structs on the class path, {@code
     * Heap.open} would refuse a heap that needs a migration.
     */
    private static Heap openForMigration(Path heap) {
        Thread thread = Thread.currentThread();
        ClassLoader loader = thread.getContextClassLoader();
        thread.setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            return Heap.open(heap);
        } finally {
            thread.setContextClassLoader(loader);
        }
    }
}
