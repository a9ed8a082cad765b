package io.chainrule.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.chainrule.Activation;
import io.chainrule.CodeShape;
import io.chainrule.DoubleModel;
import io.chainrule.FloatModel;
import io.chainrule.Loss;
import io.chainrule.Precision;
import io.chainrule.processor.Networks.Declaration;
import io.chainrule.train.Sgd;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code sgdStep}, the backward pass with the SGD step folded in, against what it replaces:
 * {@code zeroGradients}, {@code lossAndGradient}, {@code Sgd.step}. Over several steps in a row
 * (so that every step starts from weights the previous one changed) the losses, the parameters
 * and dL/dh of every layer agree to the last bit, and the gradient arrays are not touched; for
 * every network of the gradient check (every activation × loss × code shape, residual layers
 * with plain and projected skips of one and two layers and from the input, in double, whose
 * gradients are checked by finite differences there), for float networks in every code shape,
 * and for a residual network deep enough that the step's layer calls are split across methods.
 */
class OnlineStepTest {
    static final int STEPS = 5;
    static final double RATE = 0.1;
    /** Deeper than the 150 layer calls per method of the generated drivers. */
    static final int DEEP = 155;

    static List<Declaration> floats = new ArrayList<>();
    static CompiledClasses floatClasses;

    @BeforeAll
    static void compile() {
        GradientCheckTest.compileAll();
        Activation i = Activation.IDENTITY;
        Activation t = Activation.TANH;
        for (CodeShape shape : CodeShape.values()) {
            floats.add(new Declaration("step", "Digits" + shape, 64, new int[] {32, 10},
                    new Activation[] {Activation.RELU, i}, Loss.SOFTMAX_CROSS_ENTROPY, Precision.FLOAT, shape));
            floats.add(new Declaration("step", "Residual" + shape, 6, new int[] {9, 9, 12, 3},
                    new Activation[] {t, t, Activation.LEAKY_RELU, Activation.SIGMOID}, new int[] {0, 1, 2, 0},
                    new boolean[] {false, false, true, false}, Loss.MEAN_SQUARED_ERROR, Precision.FLOAT, shape));
        }
        int[] units = new int[DEEP];
        Activation[] activations = new Activation[DEEP];
        int[] skips = new int[DEEP];
        boolean[] projections = new boolean[DEEP];
        for (int l = 0; l < DEEP; l++) {
            boolean last = l == DEEP - 1;
            units[l] = last ? 3 : 4;
            activations[l] = last ? i : t;
            skips[l] = l == 0 ? 0 : last ? 2 : 1;
        }
        projections[DEEP - 1] = true;
        floats.add(new Declaration("step", "Deep", 5, units, activations, skips, projections,
                Loss.SOFTMAX_CROSS_ENTROPY, Precision.FLOAT, CodeShape.LOOPS));
        Compilation compilation = Networks.compile(floats);
        assertThat(compilation).succeeded();
        floatClasses = new CompiledClasses(compilation);
    }

    @TestFactory
    Stream<DynamicTest> stepGivesTheBitsOfGradientThenSgdInDouble() {
        return GradientCheckTest.declarations.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            DoubleModel stepped = GradientCheckTest.classes.newInstance(d.generatedName(), DoubleModel.class);
            DoubleModel reference = GradientCheckTest.classes.newInstance(d.generatedName(), DoubleModel.class);
            // the same parameters and examples for a network in every shape
            Random random = new Random(d.name().substring(0, d.name().lastIndexOf('_')).hashCode());
            boolean classifier = stepped.loss().takesClassIndex();
            liveParameters(reference, random);
            copy(reference.parameterArrays(), stepped.parameterArrays());
            double[][] before = copyOf(stepped.parameterArrays());
            double[][] marks = mark(stepped.gradientArrays());
            for (int s = 0; s < STEPS; s++) {
                double[] x = random.doubles(stepped.inputSize(), -1, 1).toArray();
                int label = classifier ? random.nextInt(stepped.classCount()) : -1;
                double[] target = random.doubles(stepped.outputSize() + 1, -1, 1).toArray();
                reference.zeroGradients();
                double expected = classifier ? reference.lossAndGradient(x, 0, label)
                        : reference.lossAndGradient(x, 0, target, 1);
                Sgd.step(reference, RATE);
                double actual = classifier ? stepped.sgdStep(x, 0, label, RATE) : stepped.sgdStep(x, 0, target, 1, RATE);
                assertEquals(expected, actual, 0.0, "loss of step " + s);
                for (int k = 0; k < stepped.parameterArrayCount(); k++) {
                    assertArrayEquals(reference.parameterArrays()[k], stepped.parameterArrays()[k], 0.0,
                            "parameter array " + k + " after step " + s);
                }
                for (int l = 1; l <= stepped.layerCount(); l++) {
                    assertArrayEquals(reference.outputGradient(l), stepped.outputGradient(l), 0.0, "dL/dh" + l);
                }
            }
            assertArrayEquals(marks, stepped.gradientArrays(), "the gradient arrays are not touched");
            assertMoved(before, stepped.parameterArrays());
        }));
    }

    @TestFactory
    Stream<DynamicTest> stepGivesTheBitsOfGradientThenSgdInFloat() {
        return floats.stream().map(d -> DynamicTest.dynamicTest(d.name(), () -> {
            FloatModel stepped = floatClasses.newInstance(d.generatedName(), FloatModel.class);
            FloatModel reference = floatClasses.newInstance(d.generatedName(), FloatModel.class);
            stepped.initialize(11);
            reference.initialize(11);
            float[][] before = copyOf(stepped.parameterArrays());
            float[][] marks = mark(stepped.gradientArrays());
            Random random = new Random(d.name().hashCode());
            boolean classifier = stepped.loss().takesClassIndex();
            float rate = (float) RATE;
            for (int s = 0; s < STEPS; s++) {
                float[] x = new float[stepped.inputSize() + 3];
                for (int k = 0; k < x.length; k++) {
                    x[k] = random.nextFloat() * 2 - 1;
                }
                int label = classifier ? random.nextInt(stepped.classCount()) : -1;
                float[] target = new float[stepped.outputSize()];
                for (int k = 0; k < target.length; k++) {
                    target[k] = random.nextFloat();
                }
                reference.zeroGradients();
                float expected = classifier ? reference.lossAndGradient(x, 3, label)
                        : reference.lossAndGradient(x, 3, target, 0);
                Sgd.step(reference, rate);
                float actual = classifier ? stepped.sgdStep(x, 3, label, rate) : stepped.sgdStep(x, 3, target, 0, rate);
                assertEquals(expected, actual, 0.0f, "loss of step " + s);
                for (int k = 0; k < stepped.parameterArrayCount(); k++) {
                    assertArrayEquals(reference.parameterArrays()[k], stepped.parameterArrays()[k], 0.0f,
                            "parameter array " + k + " after step " + s);
                }
                for (int l = 1; l <= stepped.layerCount(); l++) {
                    assertArrayEquals(reference.outputGradient(l), stepped.outputGradient(l), 0.0f, "dL/dh" + l);
                }
            }
            assertArrayEquals(marks, stepped.gradientArrays(), "the gradient arrays are not touched");
            assertMoved(before, stepped.parameterArrays());
        }));
    }

    /**
     * The deep network's drivers are split, and its alike layers 2 .. 153 share their methods, so
     * the test above covers the split step driver and the shared step method.
     */
    @Test
    void theDeepStepDriverIsSplitIntoPartsAndItsAlikeLayersShareOneStepMethod() throws ClassNotFoundException {
        long parts = 0;
        Set<String> steps = new TreeSet<>();
        for (Method m : floatClasses.loadClass("step.DeepModel").getDeclaredMethods()) {
            parts += m.getName().startsWith("backwardStepLayers") ? 1 : 0;
            if (m.getName().matches("backwardStep\\d+(To\\d+)?")) {
                steps.add(m.getName());
            }
        }
        assertTrue(parts >= 2, parts + " parts");
        assertEquals(Set.of("backwardStep1", "backwardStep2To153", "backwardStep154", "backwardStep155"), steps);
    }

    @Test
    void aBadLabelOrTheWrongKindOfTargetChangesNothing() {
        FloatModel model = floatClasses.newInstance("step.DigitsLOOPSModel", FloatModel.class);
        model.initialize(3);
        float[][] before = copyOf(model.parameterArrays());
        float[] x = new float[64];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.sgdStep(x, 0, 10, 0.1f));
        assertEquals("label 10 is out of range: this model has classes 0..9", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> model.sgdStep(x, 0, new float[10], 0, 0.1f));
        assertArrayEquals(before, model.parameterArrays());
    }

    /**
     * Most parameter arrays changed: not all, since a unit whose gradient vanishes (a ReLU that
     * never fired, a saturated sigmoid) may leave its arrays as they were.
     */
    private static void assertMoved(Object[] before, Object[] after) {
        long moved = 0;
        for (int k = 0; k < before.length; k++) {
            moved += Objects.deepEquals(before[k], after[k]) ? 0 : 1;
        }
        assertTrue(moved > before.length / 2, moved + " of " + before.length + " parameter arrays moved");
    }

    /**
     * Random parameters under which most arrays have a gradient on a random example, so that the
     * steps move them: a small random ReLU network can be dead for a whole draw.
     */
    private static void liveParameters(DoubleModel model, Random random) {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (double[] p : model.parameterArrays()) {
                for (int k = 0; k < p.length; k++) {
                    p[k] = random.nextGaussian() * 0.6;
                }
            }
            model.zeroGradients();
            double[] x = random.doubles(model.inputSize(), -1, 1).toArray();
            if (model.loss().takesClassIndex()) {
                model.lossAndGradient(x, 0, random.nextInt(model.classCount()));
            } else {
                model.lossAndGradient(x, 0, random.doubles(model.outputSize(), -1, 1).toArray(), 0);
            }
            long live = Arrays.stream(model.gradientArrays()).filter(g -> Arrays.stream(g).anyMatch(v -> v != 0)).count();
            if (live > model.gradientArrays().length / 2) {
                return;
            }
        }
        throw new AssertionError("no live parameters for " + model.architecture());
    }

    /** Fills the gradient arrays with distinct non-zero values and returns a copy of them. */
    private static double[][] mark(double[][] gradients) {
        for (int k = 0; k < gradients.length; k++) {
            Arrays.fill(gradients[k], 0.5 + k);
        }
        return copyOf(gradients);
    }

    private static float[][] mark(float[][] gradients) {
        for (int k = 0; k < gradients.length; k++) {
            Arrays.fill(gradients[k], 0.5f + k);
        }
        return copyOf(gradients);
    }

    private static double[][] copyOf(double[][] arrays) {
        double[][] copy = new double[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            copy[k] = arrays[k].clone();
        }
        return copy;
    }

    private static float[][] copyOf(float[][] arrays) {
        float[][] copy = new float[arrays.length][];
        for (int k = 0; k < arrays.length; k++) {
            copy[k] = arrays[k].clone();
        }
        return copy;
    }

    private static void copy(double[][] from, double[][] to) {
        for (int k = 0; k < from.length; k++) {
            System.arraycopy(from[k], 0, to[k], 0, from[k].length);
        }
    }
}
