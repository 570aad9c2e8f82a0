package dev.ferrite.cli.migrate;

import dev.ferrite.runtime.Heap;
import dev.ferrite.runtime.Migration;
import dev.ferrite.testing.CompiledVersion;
import java.nio.file.Path;
import java.util.List;

/**
 * The process {@link MigrationCrashTest} kills: migrates the heap {@code args[0]} to the v3
 * classes in the directory {@code args[1]}, saying "migrating" when it starts and "migrated"
 * when the commit has returned.
 */
public final class MigrationChild {
    private MigrationChild() {}

    public static void main(String[] args) {
        CompiledVersion v3 = CompiledVersion.load(Path.of(args[1]));
        try (Heap heap = Heap.open(Path.of(args[0]))) {
            System.out.println("migrating");
            System.out.flush();
            Migration.run(heap, List.of(v3.structType("demo.Account"), v3.structType("demo.Branch")),
                    MigrationTest.options(v3));
            System.out.println("migrated");
            System.out.flush();
        }
    }
}
