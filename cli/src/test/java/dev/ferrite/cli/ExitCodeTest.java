package dev.ferrite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ferrite.runtime.CorruptHeapException;
import dev.ferrite.runtime.FerriteException;
import dev.ferrite.runtime.HeapFullException;
import dev.ferrite.runtime.HeapIoException;
import dev.ferrite.runtime.HeapLockedException;
import dev.ferrite.runtime.RollbackRequiredException;
import dev.ferrite.runtime.SchemaFileException;
import dev.ferrite.runtime.SchemaMigrationRequiredException;
import dev.ferrite.runtime.UnsupportedHeapFormatException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each of the runtime's named failures gives the exit code the tool's help promises for it. */
class ExitCodeTest {
    @Test
    void everyNamedFailureHasItsExitCode() {
        Map<Throwable, Integer> expected = new LinkedHashMap<>();
        expected.put(new CorruptHeapException("damaged"), FerriteCommand.UNREADABLE);
        expected.put(new UnsupportedHeapFormatException("format 9"), FerriteCommand.UNREADABLE);
        expected.put(new HeapIoException("EIO", new IOException("EIO")), FerriteCommand.UNREADABLE);
        expected.put(new FerriteException("no heap there"), FerriteCommand.UNREADABLE);
        expected.put(new HeapLockedException("locked"), FerriteCommand.PROBLEMS);
        expected.put(new SchemaMigrationRequiredException("migrate"), FerriteCommand.PROBLEMS);
        expected.put(new HeapFullException("full"), FerriteCommand.PROBLEMS);
        expected.put(new RollbackRequiredException("midway", new InternalError()), FerriteCommand.PROBLEMS);
        expected.put(new IllegalStateException("a bug"), FerriteCommand.PROBLEMS);
        expected.forEach((failure, code) -> assertEquals(code, FerriteCommand.exitCode(failure), failure.toString()));
    }

    @Test
    void aBadSchemaFileIsAUsageError() {
        SchemaFileException e = new SchemaFileException(java.nio.file.Path.of("schemas/a/1.json"),
                "line 3, column 7: expected a value", null);
        assertEquals(FerriteCommand.USAGE, FerriteCommand.exitCode(e));
    }
}
