package dev.ferrite.processor.diag;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/** The one place that reports errors: on the element at fault, and its annotation when known. */
public final class Reporter {
    private final Messager messager;
    private int errors;

    public Reporter(Messager messager) {
        this.messager = Objects.requireNonNull(messager, "messager");
    }

    /** Reports {@code diagnostic} on {@code element}. */
    public void error(Element element, Diagnostic diagnostic, Object... arguments) {
        errors++;
        messager.printMessage(Kind.ERROR, diagnostic.format(arguments), element);
    }

    /** Reports {@code diagnostic} on an attribute of an annotation of {@code element}. */
    public void error(
            Element element,
            AnnotationMirror annotation,
            AnnotationValue value,
            Diagnostic diagnostic,
            Object... arguments) {
        errors++;
        if (value == null) {
            messager.printMessage(Kind.ERROR, diagnostic.format(arguments), element, annotation);
        } else {
            messager.printMessage(Kind.ERROR, diagnostic.format(arguments), element, annotation, value);
        }
    }

    /** Reports an unexpected exception on the element being processed, instead of crashing javac. */
    public void internalError(Element element, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        error(element, Diagnostic.INTERNAL_ERROR, element, trace);
    }

    /** The number of errors reported so far; a type whose reading raised it generates nothing. */
    public int errorCount() {
        return errors;
    }
}
