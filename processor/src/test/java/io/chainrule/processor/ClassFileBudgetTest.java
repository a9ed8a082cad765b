package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.Networks.Declaration;
import io.chainrule.processor.emit.ClassFileBudget;
import io.chainrule.processor.emit.ModelEmitter;
import io.chainrule.processor.plan.Planner;
import io.chainrule.processor.spec.LayerSpec;
import io.chainrule.processor.spec.NetworkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The estimate of a generated class's constant pool, against the class files javac writes: never
 * below the real count (a class that the processor lets through must compile), and close enough
 * above it (within 10% and 300 entries) that no network that fits is refused.
 */
class ClassFileBudgetTest {

    @Test
    void estimateBoundsTheRealConstantPoolFromAbove() {
        List<Declaration> declarations = new ArrayList<>();
        Activation t = Activation.TANH;
        Activation i = Activation.IDENTITY;
        for (CodeShape shape : CodeShape.values()) {
            declarations.add(new Declaration("budget", "Xor" + shape, 2, new int[] {3, 1}, new Activation[] {t, i},
                    Loss.SIGMOID_CROSS_ENTROPY, Precision.FLOAT, shape));
            declarations.add(new Declaration("budget", "Digits" + shape, 64, new int[] {32, 10},
                    new Activation[] {Activation.RELU, i}, Loss.SOFTMAX_CROSS_ENTROPY, Precision.DOUBLE, shape));
            declarations.add(deep("Deep" + shape, 100, 4, false, Precision.FLOAT, shape));
            declarations.add(deep("Projected" + shape, 100, 4, true, Precision.DOUBLE, shape));
        }
        // sizes past 32,767 are constants of their own (loop bounds, array sizes)
        declarations.add(new Declaration("budget", "Wide", 40_000, new int[] {33_000, 2},
                new Activation[] {Activation.SOFTPLUS, i}, Loss.MULTICLASS_HINGE, Precision.FLOAT, CodeShape.LOOPS));
        declarations.add(new Declaration("budget", "Unrolled", 16, new int[] {128, 128, 2},
                new Activation[] {Activation.LEAKY_RELU, Activation.SIGMOID, i}, Loss.MEAN_SQUARED_ERROR,
                Precision.DOUBLE, CodeShape.UNROLLED));
        Compilation compilation = Networks.compile(declarations);
        assertThat(compilation).succeeded();
        CompiledClasses classes = new CompiledClasses(compilation);
        for (Declaration d : declarations) {
            long estimate = ClassFileBudget.constantPoolEntries(ModelEmitter.emit(Planner.plan(spec(d)),
                    Optional.of(ClassName.get("javax.annotation", "Generated")), NetworkProcessor.class.getName(),
                    "Chainrule " + NetworkProcessor.VERSION));
            int real = ClassFiles.constantPoolEntries(classes.bytes(d.generatedName()));
            assertTrue(estimate >= real, d.name() + ": estimated " + estimate + " < real " + real);
            assertTrue(estimate <= real * 1.1 + 300, d.name() + ": estimated " + estimate + " for real " + real);
        }
    }

    /**
     * A string constant as long as a class file holds is counted as one constant (its text once
     * overflowed the stack of the estimate's pattern).
     */
    @Test
    void longStringConstantsAreCountedOnce() {
        String text = "x\\\"".repeat(20_000);
        TypeSpec type = TypeSpec.classBuilder("Long").addField(FieldSpec.builder(String.class, "TEXT")
                .initializer("$S", text).build()).build();
        TypeSpec empty = TypeSpec.classBuilder("Long").addField(FieldSpec.builder(String.class, "TEXT").build()).build();
        assertEquals(2, ClassFileBudget.constantPoolEntries(type) - ClassFileBudget.constantPoolEntries(empty));
    }

    /** A residual tanh network of {@code depth} layers of {@code width}, the skips projected or not. */
    static Declaration deep(String name, int depth, int width, boolean projected, Precision precision, CodeShape shape) {
        int[] units = new int[depth];
        Activation[] activations = new Activation[depth];
        int[] skips = new int[depth];
        boolean[] projections = new boolean[depth];
        for (int l = 0; l < depth; l++) {
            boolean last = l == depth - 1;
            units[l] = last ? 2 : width;
            activations[l] = last ? Activation.IDENTITY : Activation.TANH;
            skips[l] = l == 0 || last ? 0 : 1;
            projections[l] = projected && skips[l] > 0;
        }
        return new Declaration("budget", name, width, units, activations, skips, projections, Loss.MEAN_SQUARED_ERROR,
                precision, shape);
    }

    /** The spec the reader makes of {@code d}. */
    static NetworkSpec spec(Declaration d) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int l = 0; l < d.units().length; l++) {
            layers.add(new LayerSpec(d.units()[l], d.activations()[l], d.skips()[l], d.projections()[l], l));
        }
        return new NetworkSpec(d.pkg(), List.of(d.name()), true, true, false, false, Set.of(), d.name() + "Model", d.inputs(),
                layers, d.loss(), d.precision(), d.shape(), io.chainrule.DerivationPage.GENERATED_SOURCES);
    }
}
