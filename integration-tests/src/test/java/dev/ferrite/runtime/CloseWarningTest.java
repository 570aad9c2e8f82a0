package dev.ferrite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ferrite.runtime.testing.Counter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A forgotten commit is not silent: close() warns, through the platform logger, of what it discards. */
class CloseWarningTest {
    private final Logger logger = Logger.getLogger(Heap.class.getName());
    private final List<LogRecord> warnings = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @TempDir
    Path dir;

    @BeforeEach
    void listen() {
        logger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(handler);
    }

    private Path heap() {
        return dir.resolve("counter.heap");
    }

    private static String text(LogRecord r) {
        return java.text.MessageFormat.format(r.getMessage(), r.getParameters());
    }

    @Test
    void closingWithUncommittedChangesWarnsNamingTheHeap() {
        try (Heap heap = Heap.open(heap(), HeapOptions.builder().capacity(1 << 20).build())) {
            heap.root("c", Counter.class).value(1);
            heap.commit();
            heap.root("c", Counter.class).value(2);
        }
        assertEquals(1, warnings.size(), warnings.toString());
        String message = text(warnings.getFirst());
        assertTrue(message.startsWith(heap() + " closed with 1 changed page(s) not committed"), message);
        try (Heap heap = Heap.open(heap())) {
            assertEquals(1, heap.root("c", Counter.class).value(), "the uncommitted change was discarded");
        }
    }

    @Test
    void noWarningAfterACommitOrARollbackOrForAReader() {
        try (Heap heap = Heap.open(heap(), HeapOptions.builder().capacity(1 << 20).build())) {
            heap.root("c", Counter.class).value(1);
            heap.commit();
        }
        try (Heap heap = Heap.open(heap())) {
            heap.root("c", Counter.class).value(5);
            heap.rollback();
        }
        try (Heap heap = Heap.open(heap(), HeapOptions.builder().readOnly(true).build())) {
            assertEquals(1, heap.root("c", Counter.class).value());
        }
        assertEquals(List.of(), warnings.stream().map(CloseWarningTest::text).toList());
    }
}
