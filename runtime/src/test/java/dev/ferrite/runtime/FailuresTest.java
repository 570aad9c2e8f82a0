package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.fams.FamsCorruptException;
import dev.ferrite.fams.FamsException;
import dev.ferrite.fams.FamsLockedException;
import dev.ferrite.fams.FamsPoisonedException;
import dev.ferrite.fams.FamsUnmarkedWriteException;
import dev.ferrite.fams.FamsUnsupportedFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every failure of the file underneath keeps a name of its own at the heap's level. */
class FailuresTest {
    private static final Path HEAP = Path.of("/data/app.heap");

    @Test
    void eachFamsFailureBecomesItsNamedHeapException() {
        Map<FamsException, Class<? extends FerriteException>> expected = Map.of(
                new FamsLockedException("locked"), HeapLockedException.class,
                new FamsCorruptException("damaged"), CorruptHeapException.class,
                new FamsUnsupportedFormatException("format 9"), UnsupportedHeapFormatException.class,
                new FamsPoisonedException("sync failed", new IOException("EIO")), HeapIoException.class,
                new FamsUnmarkedWriteException(HEAP.toString(), List.of(4096L)), UnmarkedWriteException.class,
                new FamsException("cannot open", new IOException("EACCES")), HeapIoException.class,
                new FamsException("dirty tracking PAGEMAP needs /proc/self/pagemap"), FerriteException.class);
        expected.forEach((fams, named) -> {
            FerriteException mapped = Failures.of(HEAP, "commit", fams);
            assertEquals(named, mapped.getClass(), fams.toString());
            assertSame(fams, mapped.getCause());
            assertTrue(mapped.getMessage().contains(HEAP.toString()), mapped.getMessage());
        });
    }
}
