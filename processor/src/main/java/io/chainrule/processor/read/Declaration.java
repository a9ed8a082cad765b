package io.chainrule.processor.read;

import com.palantir.javapoet.TypeSpec;
import io.chainrule.processor.spec.NetworkSpec;
import io.chainrule.processor.spec.Problem;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.TypeElement;

/**
 * A {@code @Network} declaration that was read without errors: its {@link NetworkSpec}, and where
 * to report what the later stages find (a size limit of the plan, a class-file limit or a
 * clash with the annotated type's members in the emitted class).
 */
public final class Declaration {
    private final NetworkSpec spec;
    private final TypeElement type;
    private final Report report;
    private final List<AnnotationMirror> layers;
    private final MemberClashes clashes;

    Declaration(NetworkSpec spec, TypeElement type, Report report, List<AnnotationMirror> layers,
            MemberClashes clashes) {
        this.spec = spec;
        this.type = type;
        this.report = report;
        this.layers = List.copyOf(layers);
        this.clashes = clashes;
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** The annotated type. */
    public TypeElement type() {
        return type;
    }

    /** Reports {@code problems} on the annotation values they name; true if one is an error. */
    public boolean report(List<Problem> problems) {
        for (Problem problem : problems) {
            try {
                report.report(problem, layers);
            } catch (Values.Erroneous e) {
                report.errorOnElement(problem.message()); // read once already, so never here
            }
        }
        return report.hasErrors();
    }

    /**
     * Reports every method of the annotated type that {@code generated} cannot be declared beside;
     * true if there is one.
     */
    public boolean reportClashes(TypeSpec generated) {
        clashes.check(type, generated, report);
        return report.hasErrors();
    }

    /** Reports an error on the annotated type. */
    public void error(String message) {
        report.errorOnElement(message);
    }
}
