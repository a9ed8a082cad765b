package io.chainrule.processor.read;

import io.chainrule.processor.spec.Problem;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic.Kind;

/**
 * Reports on one {@code @Network} declaration, on the exact element, annotation or annotation
 * value, and counts its errors. Warnings are dropped where {@code @SuppressWarnings("chainrule")}
 * is on the annotated type or a type around it.
 */
final class Report {
    private final Messager messager;
    private final Elements elements;
    private final TypeElement type;
    private final AnnotationMirror mirror;
    private final boolean warningsSuppressed;
    private int errors;

    Report(Messager messager, Elements elements, TypeElement type, AnnotationMirror mirror) {
        this.messager = messager;
        this.elements = elements;
        this.type = type;
        this.mirror = mirror;
        this.warningsSuppressed = suppressesWarnings(type);
    }

    TypeElement type() {
        return type;
    }

    AnnotationMirror mirror() {
        return mirror;
    }

    void errorOnElement(String message) {
        messager.printMessage(Kind.ERROR, message, type);
        errors++;
    }

    /** An error on another element, such as a method of the annotated type. */
    void errorOn(String message, Element element) {
        messager.printMessage(Kind.ERROR, message, element);
        errors++;
    }

    void error(String message, AnnotationValue value) {
        messager.printMessage(Kind.ERROR, message, type, mirror, value);
        errors++;
    }

    void error(String message, AnnotationValue value, AnnotationMirror nested) {
        messager.printMessage(Kind.ERROR, message, type, nested, value);
        errors++;
    }

    void warning(String message, AnnotationValue value, AnnotationMirror nested) {
        if (!warningsSuppressed) {
            messager.printMessage(Kind.WARNING, message, type, nested, value);
        }
    }

    /**
     * A problem found by a later stage, on the value it names.
     *
     * @param layers the {@code @Layer} entries, in declaration order
     */
    void report(Problem problem, List<AnnotationMirror> layers) throws Values.Erroneous {
        AnnotationMirror annotation = mirror;
        Values values = new Values(elements, mirror);
        AnnotationValue value;
        switch (problem.on()) {
            case LAYER_UNITS:
                annotation = layers.get(problem.entry());
                value = new Values(elements, annotation).value("units");
                break;
            case SHAPE:
                value = values.value("shape");
                break;
            default:
                value = values.value("layers");
                break;
        }
        if (problem.error()) {
            error(problem.message(), value, annotation);
        } else {
            warning(problem.message(), value, annotation);
        }
    }

    boolean hasErrors() {
        return errors > 0;
    }

    /**
     * True if {@code @SuppressWarnings("chainrule")} is on {@code type} or a type enclosing it, as
     * javac scopes its own warnings (the annotation has source retention, which processors see).
     */
    private static boolean suppressesWarnings(TypeElement type) {
        for (Element e = type; e != null && e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
            SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
            if (suppress != null && List.of(suppress.value()).contains(Messages.SUPPRESS_WARNINGS)) {
                return true;
            }
        }
        return false;
    }
}
