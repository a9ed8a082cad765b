package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import io.chainrule.CodeShape;
import io.chainrule.Model;
import io.chainrule.Precision;
import io.chainrule.processor.Networks.Declaration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The networks of the processor's gradient-check suite ({@link GradientCheckTest}: every
 * activation × loss on three shapes each, and the residual layouts: plain and projected skips of
 * one and two layers and from the input, into hidden and output layers), compiled, for the tests
 * of this module: each in double, as the suite declares it, in every code shape, and each again in
 * float, in the default shape (AUTO; the shapes compute the same bits, as the suite tests). Taken from the suite itself, so a network added there is exported here too.
 */
public final class GradientSuite {
    /** One compiled network. */
    public static final class Compiled {
        private final String name;
        private final CompiledClasses classes;
        private final String className;

        Compiled(String name, CompiledClasses classes, String className) {
            this.name = name;
            this.classes = classes;
            this.className = className;
        }

        /** The declaration's name with its precision, for example {@code N_RELU_SOFTMAX_CROSS_ENTROPY_0_LOOPS double}. */
        public String name() {
            return name;
        }

        /** A new instance of the generated class. */
        public Model newModel() {
            return classes.newInstance(className, Model.class);
        }
    }

    private static List<Compiled> networks;

    private GradientSuite() {
    }

    /** The suite's networks, double then float; compiled on the first call. */
    public static synchronized List<Compiled> networks() {
        if (networks != null) {
            return networks;
        }
        GradientCheckTest.compileAll();
        List<Compiled> all = new ArrayList<>();
        List<Declaration> floats = new ArrayList<>();
        for (Declaration d : GradientCheckTest.declarations) {
            all.add(new Compiled(d.name() + " double", GradientCheckTest.classes, d.generatedName()));
            if (d.shape() != CodeShape.AUTO) {
                continue; // the code shapes compute the same bits (GradientCheckTest); float in the default one
            }
            floats.add(new Declaration("gradfloat", d.name(), d.inputs(), d.units(), d.activations(), d.skips(),
                    d.projections(), d.loss(), Precision.FLOAT, d.shape()));
        }
        Compilation compilation = Networks.compile(floats);
        assertThat(compilation).succeeded();
        CompiledClasses floatClasses = new CompiledClasses(compilation);
        for (Declaration d : floats) {
            all.add(new Compiled(d.name() + " float", floatClasses, d.generatedName()));
        }
        networks = Collections.unmodifiableList(all);
        return networks;
    }
}
