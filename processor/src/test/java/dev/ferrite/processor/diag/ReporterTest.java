package dev.ferrite.processor.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;
import org.junit.jupiter.api.Test;

class ReporterTest {

    /** Keeps what the reporter prints, as javac's Messager would show it. */
    private static final class RecordingMessager implements Messager {
        final List<String> errors = new ArrayList<>();

        @Override
        public void printMessage(Kind kind, CharSequence message) {
            printMessage(kind, message, null);
        }

        @Override
        public void printMessage(Kind kind, CharSequence message, Element element) {
            assertEquals(Kind.ERROR, kind);
            errors.add(message.toString());
        }

        @Override
        public void printMessage(Kind kind, CharSequence message, Element element, AnnotationMirror annotation) {
            printMessage(kind, message, element);
        }

        @Override
        public void printMessage(
                Kind kind, CharSequence message, Element element, AnnotationMirror annotation, AnnotationValue value) {
            printMessage(kind, message, element);
        }
    }

    @Test
    void unexpectedExceptionsBecomeErrorsWithTheirStackTrace() {
        RecordingMessager messager = new RecordingMessager();
        Reporter reporter = new Reporter(messager);
        reporter.internalError(null, new IllegalStateException("layout exploded"));
        assertEquals(1, reporter.errorCount());
        String message = messager.errors.getFirst();
        assertTrue(message.startsWith(Diagnostic.INTERNAL_ERROR.tag()), message);
        assertTrue(message.contains("java.lang.IllegalStateException: layout exploded"), message);
        assertTrue(message.contains("at " + ReporterTest.class.getName()), "the stack trace: " + message);
    }

    @Test
    void messagesStartWithTheirTag() {
        RecordingMessager messager = new RecordingMessager();
        new Reporter(messager).error(null, Diagnostic.NEGATIVE_RESERVE, -3, "demo.Bad");
        assertEquals(List.of("[Ferrite/NegativeReserve] @PersistentStruct(reserve = -3) on demo.Bad: the reserve must"
                + " be 0 or more spare bytes"), messager.errors);
    }
}
